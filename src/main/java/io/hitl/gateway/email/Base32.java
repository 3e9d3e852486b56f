package io.hitl.gateway.email;

import java.io.ByteArrayOutputStream;
import java.util.Locale;

/**
 * RFC 4648 base32 without padding, written in lower case and read in either case: reply tokens
 * travel in the local part of an email address, which mail systems may change the case of.
 */
final class Base32 {

  private static final char[] ALPHABET = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();

  private Base32() {
  }

  static String encode(byte[] data) {
    StringBuilder out = new StringBuilder((data.length * 8 + 4) / 5);
    int buffer = 0;
    int bits = 0;
    for (byte b : data) {
      buffer = (buffer << 8) | (b & 0xff);
      bits += 8;
      while (bits >= 5) {
        out.append(ALPHABET[(buffer >>> (bits - 5)) & 31]);
        bits -= 5;
      }
    }
    if (bits > 0) {
      out.append(ALPHABET[(buffer << (5 - bits)) & 31]);
    }
    return out.toString();
  }

  /** The bytes, or null when {@code text} is not base32. */
  static byte[] decode(String text) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(text.length() * 5 / 8);
    int buffer = 0;
    int bits = 0;
    for (char c : text.toLowerCase(Locale.ROOT).toCharArray()) {
      int value;
      if (c >= 'a' && c <= 'z') {
        value = c - 'a';
      } else if (c >= '2' && c <= '7') {
        value = c - '2' + 26;
      } else {
        return null;
      }
      buffer = (buffer << 5) | value;
      bits += 5;
      if (bits >= 8) {
        out.write((buffer >>> (bits - 8)) & 0xff);
        bits -= 8;
      }
    }
    // Unused trailing bits must be zero: every byte string then has exactly one spelling.
    if ((buffer & ((1 << bits) - 1)) != 0) {
      return null;
    }
    return out.toByteArray();
  }
}
