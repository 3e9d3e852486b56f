package io.hitl.gateway.stream;

import io.hitl.gateway.event.StoredEvent;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;

/**
 * The WebSocket text frame of the event being fanned out on one event loop, encoded once (header
 * and payload, in direct memory) and shared by every subscriber it is written to.
 *
 * <p>A server's frames are not masked, so the same bytes serve every connection that negotiated no
 * extension. Each write takes its own reference; the frame goes back to the pool when the next
 * event replaces it and the last write has been flushed. Used only on its own event loop.
 */
final class SharedTextFrames {

  private StoredEvent event;
  private ByteBuf frame;

  /** A new reference to the frame of {@code e}, for one write; the write releases it. */
  ByteBuf frameOf(StoredEvent e) {
    if (e != event) {
      if (frame != null) {
        frame.release();
      }
      event = e;
      frame = encode(e.utf8());
    }
    return frame.retainedDuplicate();
  }

  /** One final, unmasked text frame (RFC 6455 section 5.2) carrying {@code payload}. */
  static ByteBuf encode(byte[] payload) {
    int n = payload.length;
    int header = n < 126 ? 2 : n <= 0xFFFF ? 4 : 10;
    ByteBuf buf = PooledByteBufAllocator.DEFAULT.directBuffer(header + n);
    buf.writeByte(0x81); // FIN, opcode 1 (text)
    if (n < 126) {
      buf.writeByte(n);
    } else if (n <= 0xFFFF) {
      buf.writeByte(126);
      buf.writeShort(n);
    } else {
      buf.writeByte(127);
      buf.writeLong(n);
    }
    return buf.writeBytes(payload);
  }
}
