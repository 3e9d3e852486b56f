package io.hitl.gateway.support;

import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * A streaming client on a raw socket that completes the handshake and then stops reading, the way
 * a stuck browser tab or a frozen script does. A small receive buffer keeps the kernel from
 * absorbing much on its behalf. Later it can read everything that did arrive, to the end of the
 * connection, and decode it as WebSocket frames or as a chunked SSE body.
 */
public final class StalledClient implements AutoCloseable {

  /** Bytes the kernel may buffer for this client; small so the gateway's own backlog fills. */
  private static final int RECEIVE_BUFFER_BYTES = 4096;

  private final Socket socket;
  private final InputStream in;

  private StalledClient(Socket socket) throws IOException {
    this.socket = socket;
    this.in = socket.getInputStream();
  }

  /** Opens a WebSocket to {@code path} (with the test key), reads the 101 answer, then stops reading. */
  public static StalledClient webSocket(int port, String path) {
    String key = Base64.getEncoder().encodeToString("stalled-client-16".substring(0, 16).getBytes(StandardCharsets.US_ASCII));
    return open(port, "GET " + path + (path.contains("?") ? "&" : "?") + "token=" + TestGateway.API_KEY + " HTTP/1.1\r\n"
        + "Host: 127.0.0.1:" + port + "\r\n"
        + "Upgrade: websocket\r\nConnection: Upgrade\r\n"
        + "Sec-WebSocket-Key: " + key + "\r\nSec-WebSocket-Version: 13\r\n\r\n", "101");
  }

  /** Opens an SSE stream on {@code path} (with the test key), reads the 200 head, then stops reading. */
  public static StalledClient sse(int port, String path) {
    return open(port, "GET " + path + " HTTP/1.1\r\n"
        + "Host: 127.0.0.1:" + port + "\r\n"
        + "Authorization: Bearer " + TestGateway.API_KEY + "\r\n"
        + "Accept: text/event-stream\r\n\r\n", "200");
  }

  private static StalledClient open(int port, String request, String expectedStatus) {
    try {
      Socket socket = new Socket();
      // Must be set before connect: it decides the TCP window offered in the handshake.
      socket.setReceiveBufferSize(RECEIVE_BUFFER_BYTES);
      socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
      socket.setSoTimeout(30_000);
      StalledClient client = new StalledClient(socket);
      OutputStream out = socket.getOutputStream();
      out.write(request.getBytes(StandardCharsets.US_ASCII));
      out.flush();
      String head = client.readHead();
      if (!head.startsWith("HTTP/1.1 " + expectedStatus)) {
        socket.close();
        throw new AssertionError("handshake refused: " + head);
      }
      return client;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private String readHead() throws IOException {
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("connection closed during the handshake: " + head);
      }
      head.append((char) b);
    }
    return head.toString();
  }

  /** Reads everything the gateway sent until it closes the connection (or {@code timeoutMillis} pass). */
  public byte[] readToEnd(int timeoutMillis) {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    try {
      socket.setSoTimeout(timeoutMillis);
      byte[] chunk = new byte[64 * 1024];
      for (int n; (n = in.read(chunk)) >= 0; ) {
        all.write(chunk, 0, n);
      }
    } catch (java.net.SocketTimeoutException e) {
      throw new AssertionError("the gateway did not close the connection within " + timeoutMillis + " ms; read "
          + all.size() + " bytes");
    } catch (IOException e) {
      // A reset after the data is still an end of the connection.
    }
    return all.toByteArray();
  }

  /** What a WebSocket client saw: the complete text frames, then the close code (if a close frame came). */
  public record WebSocketTranscript(List<String> texts, Integer closeCode) {
  }

  /** Decodes server-to-client WebSocket frames (unmasked); a truncated last frame is ignored. */
  public static WebSocketTranscript decodeWebSocket(byte[] bytes) {
    List<String> texts = new ArrayList<>();
    ByteArrayOutputStream message = new ByteArrayOutputStream();
    Integer closeCode = null;
    int i = 0;
    while (i + 2 <= bytes.length) {
      int opcode = bytes[i] & 0x0f;
      boolean fin = (bytes[i] & 0x80) != 0;
      long length = bytes[i + 1] & 0x7f;
      int at = i + 2;
      if (length == 126) {
        if (at + 2 > bytes.length) {
          break;
        }
        length = ((bytes[at] & 0xff) << 8) | (bytes[at + 1] & 0xff);
        at += 2;
      } else if (length == 127) {
        if (at + 8 > bytes.length) {
          break;
        }
        length = 0;
        for (int k = 0; k < 8; k++) {
          length = (length << 8) | (bytes[at + k] & 0xff);
        }
        at += 8;
      }
      if (at + length > bytes.length) {
        break;
      }
      if (opcode == 0x1 || opcode == 0x0) {
        message.write(bytes, at, (int) length);
        if (fin) {
          texts.add(message.toString(StandardCharsets.UTF_8));
          message.reset();
        }
      } else if (opcode == 0x8 && length >= 2) {
        closeCode = ((bytes[at] & 0xff) << 8) | (bytes[at + 1] & 0xff);
      }
      i = at + (int) length;
    }
    return new WebSocketTranscript(texts, closeCode);
  }

  /** One Server-Sent Events frame: its {@code event:} name (null for plain events) and data. */
  public record SseFrame(String event, String data) {

    /** The data parsed as a JSON object. */
    public JsonObject json() {
      return new JsonObject(data);
    }
  }

  /** Decodes a chunked SSE body into its complete frames; a truncated last frame is ignored. */
  public static List<SseFrame> decodeSse(byte[] bytes) {
    String body = dechunk(bytes);
    List<SseFrame> frames = new ArrayList<>();
    int start = 0;
    for (int end; (end = body.indexOf("\n\n", start)) >= 0; start = end + 2) {
      String event = null;
      StringBuilder data = null;
      for (String line : body.substring(start, end).split("\n")) {
        if (line.startsWith("event: ")) {
          event = line.substring(7);
        } else if (line.startsWith("data: ")) {
          data = (data == null ? new StringBuilder() : data.append('\n')).append(line.substring(6));
        }
      }
      if (data != null) {
        frames.add(new SseFrame(event, data.toString()));
      }
    }
    return frames;
  }

  private static String dechunk(byte[] bytes) {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    int i = 0;
    while (i < bytes.length) {
      int lineEnd = indexOfCrlf(bytes, i);
      if (lineEnd < 0) {
        break;
      }
      String sizeText = new String(bytes, i, lineEnd - i, StandardCharsets.US_ASCII).split(";")[0].trim();
      int size = Integer.parseInt(sizeText, 16);
      int dataStart = lineEnd + 2;
      if (size == 0) {
        break;
      }
      int available = Math.min(size, bytes.length - dataStart);
      body.write(bytes, dataStart, available);
      i = dataStart + size + 2;
    }
    return body.toString(StandardCharsets.UTF_8);
  }

  private static int indexOfCrlf(byte[] bytes, int from) {
    for (int i = from; i + 1 < bytes.length; i++) {
      if (bytes[i] == '\r' && bytes[i + 1] == '\n') {
        return i;
      }
    }
    return -1;
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException ignored) {
      // closing a test socket twice is harmless
    }
  }
}
