package io.hitl.gateway.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameEncoder;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketServerExtensionHandler;
import io.netty.handler.codec.http.websocketx.extensions.compression.PerMessageDeflateServerExtensionHandshaker;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Shared, already encoded frames enter the pipeline at the WebSocket handler nearest the socket
 * (in Vert.x's order: the extension handler, then the frame encoder): the WebSocket handlers and
 * those behind them do not see them, the ones nearer the socket (where TLS would be) do.
 */
class SharedFrameWriterTest {

  @Test
  void framesSkipTheWebSocketHandlersAndPassTheOnesNearerTheSocket() {
    AtomicInteger nearSocket = new AtomicInteger();
    AtomicInteger behindEncoder = new AtomicInteger();
    ChannelInboundHandlerAdapter vertxHandler = new ChannelInboundHandlerAdapter();
    WebSocketServerExtensionHandler extensions = new WebSocketServerExtensionHandler(
        new PerMessageDeflateServerExtensionHandshaker());
    EmbeddedChannel channel = new EmbeddedChannel(counting(nearSocket), extensions, new WebSocket13FrameEncoder(false),
        counting(behindEncoder), vertxHandler);

    ChannelHandlerContext writer = WebSocketSubscription.frameWriter(channel.pipeline().context(vertxHandler));
    assertSame(channel.pipeline().context(extensions), writer);
    writer.writeAndFlush(Unpooled.copiedBuffer("frame", StandardCharsets.UTF_8));

    ByteBuf written = channel.readOutbound();
    assertEquals("frame", written.toString(StandardCharsets.UTF_8), "the bytes reach the socket unchanged");
    written.release();
    assertEquals(1, nearSocket.get(), "handlers nearer the socket see the frame");
    assertEquals(0, behindEncoder.get(), "the WebSocket handlers and those behind them are skipped");
  }

  @Test
  void withoutWebSocketHandlersFramesGoInAtVertxHandler() {
    ChannelInboundHandlerAdapter vertxHandler = new ChannelInboundHandlerAdapter();
    EmbeddedChannel channel = new EmbeddedChannel(vertxHandler);
    ChannelHandlerContext own = channel.pipeline().context(vertxHandler);
    assertSame(own, WebSocketSubscription.frameWriter(own));
  }

  private static ChannelOutboundHandlerAdapter counting(AtomicInteger writes) {
    return new ChannelOutboundHandlerAdapter() {
      @Override
      public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        writes.incrementAndGet();
        ctx.write(msg, promise);
      }
    };
  }
}
