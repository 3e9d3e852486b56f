package io.hitl.gateway.email;

import io.hitl.gateway.config.EmailConfig;
import io.hitl.gateway.http.ApiException;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.search.FlagTerm;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.imap.IMAPStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fetches replies from the IMAP mailbox of {@code HITL_EMAIL_REPLY_ADDRESS} on a thread of its
 * own (Jakarta Mail blocks): processes every unseen message of the folder, then waits with IMAP
 * IDLE when the server offers it, or polls every {@code HITL_IMAP_POLL_SECONDS}. A message is
 * marked seen once processed; processing is idempotent (claimed by Message-ID, first answer
 * wins), so replicas polling the same mailbox do no harm. Reconnects with a growing pause after a
 * failure; stops when the verticle is undeployed.
 */
final class ImapReplyPoller extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(ImapReplyPoller.class);
  /** RFC 2177: re-issue IDLE well within the servers' 30-minute limit. */
  private static final long IDLE_RENEW_MINUTES = 9;
  private static final long MAX_BACKOFF_SECONDS = 60;
  private static final long PROCESS_TIMEOUT_SECONDS = 120;

  private final EmailConfig config;
  private final ReplyProcessor processor;
  private final ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "hitl-imap-watchdog");
    t.setDaemon(true);
    return t;
  });
  private volatile boolean stopped;
  private volatile Store store;
  private volatile IMAPFolder folder;
  private Thread thread;

  ImapReplyPoller(EmailConfig config, ReplyProcessor processor) {
    this.config = config;
    this.processor = processor;
  }

  @Override
  public Future<?> start() {
    thread = new Thread(this::run, "hitl-imap-poller");
    thread.setDaemon(true);
    thread.start();
    watchdog.scheduleWithFixedDelay(this::interruptIdle, IDLE_RENEW_MINUTES, IDLE_RENEW_MINUTES, TimeUnit.MINUTES);
    return Future.succeededFuture();
  }

  @Override
  public Future<?> stop() {
    stopped = true;
    return vertx.executeBlocking(() -> {
      watchdog.shutdownNow();
      closeQuietly();
      thread.interrupt();
      thread.join(TimeUnit.SECONDS.toMillis(10));
      return null;
    });
  }

  private void run() {
    long backoff = 1;
    while (!stopped) {
      try {
        connect();
        backoff = 1;
        boolean idle = ((IMAPStore) store).hasCapability("IDLE");
        LOG.info("reading email replies from {} on {}:{} ({})", config.imapFolder(), config.imapHost().orElseThrow(),
            config.imapPort(), idle ? "IDLE" : "polling every " + config.imapPollSeconds() + " s");
        while (!stopped && folder.isOpen()) {
          boolean allDone = processUnseen();
          if (idle && allDone) {
            folder.idle(true);
          } else {
            Thread.sleep(TimeUnit.SECONDS.toMillis(config.imapPollSeconds()));
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (Exception e) {
        if (stopped) {
          return;
        }
        LOG.warn("IMAP {}:{}: {}; reconnecting in {} s", config.imapHost().orElse("?"), config.imapPort(),
            e.getMessage(), backoff);
        closeQuietly();
        try {
          Thread.sleep(TimeUnit.SECONDS.toMillis(backoff));
        } catch (InterruptedException stop) {
          Thread.currentThread().interrupt();
          return;
        }
        backoff = Math.min(backoff * 2, MAX_BACKOFF_SECONDS);
      } finally {
        if (stopped) {
          closeQuietly();
        }
      }
    }
  }

  private void connect() throws MessagingException {
    boolean implicitTls = EmailConfig.TLS_IMPLICIT.equals(config.imapTls());
    String protocol = implicitTls ? "imaps" : "imap";
    Properties props = new Properties();
    props.put("mail.store.protocol", protocol);
    props.put("mail." + protocol + ".connectiontimeout", "15000");
    // Longer than an IDLE round, which the watchdog ends every few minutes.
    props.put("mail." + protocol + ".timeout", String.valueOf(TimeUnit.MINUTES.toMillis(IDLE_RENEW_MINUTES + 5)));
    // Fetching must not set \Seen: a message is marked seen only after it was processed.
    props.put("mail." + protocol + ".peek", "true");
    if (EmailConfig.TLS_STARTTLS.equals(config.imapTls())) {
      props.put("mail.imap.starttls.enable", "true");
      props.put("mail.imap.starttls.required", "true");
    }
    Store s = Session.getInstance(props).getStore(protocol);
    s.connect(config.imapHost().orElseThrow(), config.imapPort(), config.imapUser().orElse(null),
        config.imapPassword().orElse(null));
    store = s;
    IMAPFolder f = (IMAPFolder) s.getFolder(config.imapFolder());
    f.open(Folder.READ_WRITE);
    folder = f;
  }

  /** Processes the unseen messages; false when one of them must be tried again later. */
  private boolean processUnseen() throws MessagingException, IOException {
    Message[] unseen = folder.search(new FlagTerm(new Flags(Flags.Flag.SEEN), false));
    boolean allDone = true;
    for (Message message : unseen) {
      if (stopped) {
        return false;
      }
      ByteArrayOutputStream raw = new ByteArrayOutputStream();
      message.writeTo(raw);
      try {
        processor.process(raw.toByteArray(), "imap").await(PROCESS_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        message.setFlag(Flags.Flag.SEEN, true);
      } catch (ApiException unreadable) {
        LOG.warn("IMAP message {} skipped: {}", message.getMessageNumber(), unreadable.getMessage());
        message.setFlag(Flags.Flag.SEEN, true);
      } catch (Exception e) {
        LOG.warn("IMAP message {} not processed, will retry: {}", message.getMessageNumber(), e.getMessage());
        allDone = false;
      }
    }
    return allDone;
  }

  /** Ends a running IDLE: any other use of the folder makes Jakarta Mail send DONE. */
  private void interruptIdle() {
    IMAPFolder f = folder;
    try {
      if (f != null && f.isOpen()) {
        f.getMessageCount();
      }
    } catch (MessagingException e) {
      LOG.debug("IMAP keep-alive: {}", e.getMessage());
    }
  }

  private void closeQuietly() {
    Store s = store;
    store = null;
    folder = null;
    if (s != null) {
      try {
        s.close();
      } catch (MessagingException e) {
        LOG.debug("closing IMAP store: {}", e.getMessage());
      }
    }
  }
}
