package io.hitl.gateway.audit;

import io.hitl.gateway.http.ApiException;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * Streams every audit entry that matches a filter to an HTTP response, as CSV (RFC 4180) or JSON
 * Lines, reading a page at a time and waiting whenever the client falls behind, so that neither
 * the whole trail nor a slow client's backlog is ever held in memory.
 */
public final class AuditExport {

  private static final int PAGE = 500;

  /** The export formats. */
  public enum Format {
    CSV("text/csv; charset=utf-8", "csv"),
    JSONL("application/x-ndjson", "jsonl");

    private final String contentType;
    private final String extension;

    Format(String contentType, String extension) {
      this.contentType = contentType;
      this.extension = extension;
    }

    /** The format named by the {@code format} parameter; CSV when absent; 400 when unknown. */
    public static Format of(String name) {
      if (name == null || name.isBlank() || "csv".equalsIgnoreCase(name.trim())) {
        return CSV;
      }
      if ("jsonl".equalsIgnoreCase(name.trim()) || "ndjson".equalsIgnoreCase(name.trim())) {
        return JSONL;
      }
      throw ApiException.badRequest("invalid_format", "format must be 'csv' or 'jsonl'");
    }
  }

  private final AuditLog log;

  public AuditExport(AuditLog log) {
    this.log = log;
  }

  /** Writes the headers and every matching entry, then ends the response. */
  public Future<Void> write(HttpServerResponse response, Format format, AuditLog.Filter filter) {
    String stamp = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString().replace(":", "");
    response.setChunked(true)
        .putHeader("Content-Type", format.contentType)
        .putHeader("Content-Disposition", "attachment; filename=\"audit-" + stamp + "." + format.extension + "\"")
        .putHeader("Cache-Control", "no-store");
    if (format == Format.CSV) {
      response.write(csv(List.of(AuditEntry.FIELDS)));
    }
    Promise<Void> done = Promise.promise();
    response.closeHandler(v -> done.tryFail(new IllegalStateException("the client closed the connection")));
    next(response, format, filter, 0, done);
    return done.future().compose(v -> response.end());
  }

  private void next(HttpServerResponse response, Format format, AuditLog.Filter filter, long afterSeq,
      Promise<Void> done) {
    log.page(filter, afterSeq, PAGE).onFailure(done::tryFail).onSuccess(page -> {
      if (done.future().isComplete()) {
        return;
      }
      if (page.isEmpty()) {
        done.complete();
        return;
      }
      response.write(format == Format.CSV ? csv(page.stream().map(AuditEntry::cells).toList()) : jsonl(page));
      long last = page.get(page.size() - 1).seq();
      if (page.size() < PAGE) {
        done.complete();
      } else if (response.writeQueueFull()) {
        response.drainHandler(v -> next(response, format, filter, last, done));
      } else {
        next(response, format, filter, last, done);
      }
    });
  }

  private static Buffer csv(List<List<String>> records) {
    StringBuilder out = new StringBuilder();
    try (CSVPrinter printer = new CSVPrinter(out, CSVFormat.RFC4180)) {
      printer.printRecords(records);
    } catch (IOException e) {
      throw new UncheckedIOException("a StringBuilder does not fail", e);
    }
    return Buffer.buffer(out.toString());
  }

  private static Buffer jsonl(List<AuditEntry> page) {
    Buffer out = Buffer.buffer();
    for (AuditEntry entry : page) {
      out.appendString(entry.toJson().encode()).appendByte((byte) '\n');
    }
    return out;
  }
}
