package io.hitl.gateway.dashboard;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static io.hitl.gateway.support.Caller.expect;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.Response;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.options.AriaRole;
import io.hitl.gateway.support.Caller;
import io.hitl.gateway.support.GatewayUnderTest;
import io.hitl.gateway.support.TestDatabases;
import io.hitl.gateway.support.TestGateway;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The reviewer dashboard in a real headless Chromium (Debian's {@code /usr/bin/chromium}, driven
 * by Playwright for Java) against a real gateway: live updates across two reviewers, sanitised
 * Markdown, what a reviewer may see, keyboard use, phone width. Screenshots of every page go to
 * {@code docs/screenshots/}.
 */
class DashboardIT {

  private static final Path CHROMIUM = Paths.get("/usr/bin/chromium");
  private static final Path SCREENSHOTS = Paths.get(System.getProperty("basedir", "."), "docs", "screenshots");
  private static final String REQUESTS = "/api/v1/human-input-requests";

  private static final String MANAGER_KEY = "manager-key-0123456789";
  private static final String LEAD_KEY = "lead-key-0123456789";
  private static final String RITA_KEY = "rita-key-0123456789";
  private static final String RITA = "rita@example.com";

  @RegisterExtension
  static final GatewayUnderTest env = GatewayUnderTest.of(() -> TestGateway.start(TestDatabases.fresh(), Map.of(
      "HITL_OWNER_EMAIL", "owner@example.com",
      "HITL_REVIEWER_KEYS", "manager@example.com:manage_human_feedback:" + MANAGER_KEY
          + ",lead@example.com:manage_human_feedback:" + LEAD_KEY
          + "," + RITA + ":respond_to_human_feedback:" + RITA_KEY)));

  private static Playwright playwright;
  private static Browser browser;
  /** Console errors of every page a test opened: none may be a Content-Security-Policy refusal. */
  private static final List<String> CONSOLE_ERRORS = java.util.Collections.synchronizedList(new ArrayList<>());

  @BeforeAll
  static void launchChromium() throws Exception {
    if (!Files.isExecutable(CHROMIUM)) {
      fail("no browser at " + CHROMIUM + ": install Debian chromium: apt-get install -y chromium");
    }
    Files.createDirectories(SCREENSHOTS);
    playwright = Playwright.create(new Playwright.CreateOptions()
        .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
    browser = playwright.chromium().launch(new BrowserType.LaunchOptions()
        .setExecutablePath(CHROMIUM).setHeadless(true));
  }

  @AfterEach
  void nothingWasRefusedByTheContentSecurityPolicy() {
    // Chromium reports a refusal when DOMPurify parses a payload with event-handler attributes
    // into its inert document (nothing runs there, and the attributes are then dropped): those
    // come from purify.min.js and are expected for hostile content. Anything else is a bug.
    List<String> refused = CONSOLE_ERRORS.stream()
        .filter(m -> m.contains("Content Security Policy") || m.startsWith("Refused to"))
        .filter(m -> !m.contains("/webjars/dompurify/"))
        .toList();
    CONSOLE_ERRORS.clear();
    assertEquals(List.of(), refused, "the dashboard's own code and libraries run under its CSP");
  }

  @AfterAll
  static void closeChromium() {
    if (browser != null) {
      browser.close();
    }
    if (playwright != null) {
      playwright.close();
    }
  }

  // ---------------------------------------------------------------------------------------------

  @Test
  void anAnswerFromOneReviewerReachesTheOthersListWithinASecond() {
    try (BrowserContext first = desktop(); BrowserContext second = desktop()) {
      Page alice = signIn(first, MANAGER_KEY);
      Page bob = signIn(second, LEAD_KEY);

      // Opened after both are live: it reaches both lists through the stream, not a reload.
      String id = createFlowRequest("flow-live-" + UUID.randomUUID(), "review_article",
          "Please review this article for publication.", ARTICLE, List.of("approved", "rejected", "request_changes"),
          null);
      Locator onBob = item(bob, id);
      assertThat(onBob).isVisible();
      assertThat(item(alice, id)).isVisible();
      assertThat(bob.locator("#announcer")).containsText("New request: review_article");
      screenshot(bob, "list");

      item(alice, id).locator("a").click();
      assertThat(alice.locator("#request-title")).hasText("review_article");
      assertThat(alice.locator("#request-content pre code.hljs")).isVisible();
      assertThat(alice.locator("#execution-events")).containsText("human_input_required");
      screenshot(alice, "request");

      alice.locator("#feedback").fill("Great piece, ship it.");
      Response answer = alice.waitForResponse(r -> r.url().endsWith(REQUESTS + "/" + id + "/response"),
          () -> alice.locator("button.emit[data-outcome='approved']").click());
      assertEquals(200, answer.status(), answer.text());
      // From the moment the answer is recorded, the other reviewer's list shows it within 1 s.
      assertThat(onBob).hasAttribute("data-status", "answered", new LocatorAssertions.HasAttributeOptions().setTimeout(1000));
      assertThat(onBob).containsText("Answered by manager@example.com (dashboard): approved");
      assertThat(alice.locator("#request-status")).containsText("Answered by manager@example.com");

      JsonObject stored = expect(200, service().get(REQUESTS + "/" + id));
      assertEquals("approved", stored.getString("outcome"));
      assertEquals("approved\nGreat piece, ship it.", stored.getString("human_feedback"));
      assertEquals("dashboard", stored.getString("source"));

      // Answering again from a stale screen says who was first.
      bob.navigate(env.gateway().url("/#/requests/" + id));
      assertThat(bob.locator("#request-status")).containsText("Answered by manager@example.com");
      assertThat(bob.locator("button.emit[data-outcome='rejected']")).isDisabled();

      // Gone from the pending list after a moment.
      assertThat(item(alice, id)).hasCount(0, new LocatorAssertions.HasCountOptions().setTimeout(15_000));

      alice.navigate(env.gateway().url("/#/history"));
      assertThat(alice.locator("#history-body tr[data-request-id='" + id + "']")).containsText("approved");
      screenshot(alice, "history");
    }
  }

  @Test
  void maliciousMarkdownIsRenderedWithoutRunning() {
    String payload = """
        # Report

        <img src=x onerror="window.__xss=1">

        <script>window.__xss=1</script>

        [x](javascript:window.__xss=1)

        <a href="#" onclick="window.__xss=1">click me</a>

        ```java
        public final class Hello { static int answer() { return 42; } }
        ```
        """;
    String id = createFlowRequest("flow-xss-" + UUID.randomUUID(), "review_report", "Check this report", payload,
        List.of("approved", "rejected"), null);
    try (BrowserContext context = desktop()) {
      Page page = signIn(context, MANAGER_KEY);
      page.navigate(env.gateway().url("/#/requests/" + id));
      Locator content = page.locator("#request-content");
      assertThat(content.locator("h1")).hasText("Report");
      Locator code = content.locator("pre code.hljs");
      assertThat(code).isVisible();
      assertTrue(code.locator(".hljs-keyword").count() > 0, "the code block is highlighted");

      assertEquals(0, content.locator("script").count(), "no script element survives");
      assertEquals(0, content.locator("[onerror], [onclick]").count(), "no event-handler attribute survives");
      assertEquals(0, content.locator("a[href^='javascript']").count(), "no javascript: link survives");
      assertEquals(true, page.evaluate("() => window.__xss === undefined"));

      content.getByText("x", new Locator.GetByTextOptions().setExact(true)).click();
      content.getByText("click me").click();
      page.waitForTimeout(200);
      assertEquals(true, page.evaluate("() => window.__xss === undefined"), "nothing ran after clicking the links");
      assertEquals(id, page.evaluate("() => location.hash.split('/')[2]"), "still on the request");
    }
  }

  @Test
  void aReviewerSeesOnlyTheirRequestsAndNoManagerPages() {
    String flow = "flow-rita-" + UUID.randomUUID();
    String hers = createFlowRequest(flow, "check_invoice", "For Rita", "Invoice **42**", List.of("ok", "not_ok"), RITA);
    String others = createFlowRequest(flow, "check_invoice", "Not for Rita", "Invoice 43", List.of("ok", "not_ok"), null);
    try (BrowserContext context = desktop()) {
      Page page = signIn(context, RITA_KEY);
      assertThat(page.locator("#who")).hasText(RITA);
      assertThat(item(page, hers)).isVisible();
      assertThat(item(page, others)).hasCount(0);
      Locator nav = page.locator("#nav");
      assertThat(nav.getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName("Pending"))).isVisible();
      assertThat(nav.getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName("History"))).isVisible();
      for (String hidden : List.of("Settings", "Audit", "Analytics")) {
        assertEquals(0, nav.getByText(hidden).count(), hidden + " is not offered to a reviewer");
      }
      page.navigate(env.gateway().url("/#/settings"));
      assertThat(page.locator("#page")).containsText("This page is for managers");
      assertEquals(0, page.locator("#settings-form").count());

      // Live: a request reassigned to her appears; one that is not hers never does.
      page.navigate(env.gateway().url("/#/requests"));
      String laterOthers = createFlowRequest(flow, "check_invoice", "Still not for Rita", "x", List.of("ok"), null);
      String laterHers = createFlowRequest(flow, "check_invoice", "Now for Rita", "y", List.of("ok"), null);
      expect(200, service().put(REQUESTS + "/" + laterHers + "/assignment",
          new JsonObject().put("assigned_to_email", RITA)));
      assertThat(item(page, laterHers)).isVisible();
      assertThat(item(page, laterHers)).containsText("Now for Rita");
      assertEquals(0, item(page, laterOthers).count());
      assertEquals(0, item(page, others).count());
    }
  }

  @Test
  void aDroppedStreamResumesFromTheLastEventItSaw() {
    String flow = "flow-drop-" + UUID.randomUUID();
    // The page is loaded through a TCP proxy that the test can cut, like a network drop.
    try (CuttableProxy proxy = CuttableProxy.start(env.vertx(), env.gateway().port());
        BrowserContext context = desktop()) {
      Page page = context.newPage();
      page.navigate("http://127.0.0.1:" + proxy.port() + "/");
      signIn(page, MANAGER_KEY);
      String before = createFlowRequest(flow, "before_drop", "Opened before the drop", "x", List.of("ok"), null);
      assertThat(item(page, before)).isVisible();
      String lastSeen = expect(200, service().get(REQUESTS + "/" + before)).getString("event_id");

      proxy.cutStreams();
      proxy.refuseStreams(true);
      assertThat(page.locator("#connection")).hasAttribute("data-state", "reconnecting");
      String whileAway = createFlowRequest(flow, "while_away", "Opened during the drop", "x", List.of("ok"), null);
      proxy.refuseStreams(false);

      assertThat(item(page, whileAway)).isVisible(new LocatorAssertions.IsVisibleOptions().setTimeout(15_000));
      assertThat(page.locator("#connection")).hasAttribute("data-state", "live");
      List<String> handshakes = proxy.streamRequests();
      assertTrue(handshakes.get(handshakes.size() - 1).contains("last_event_id=" + lastSeen),
          "resumed from its cursor: " + handshakes);
      assertEquals(1, item(page, whileAway).count());
    }
  }

  @Test
  void aCrewTaskIsApprovedOrRejectedWithFeedback() {
    String id = env.gateway().createRequest("exec-crew-" + UUID.randomUUID(), "Approve the summary?")
        .getString("request_id");
    try (BrowserContext context = desktop()) {
      Page page = signIn(context, MANAGER_KEY);
      page.navigate(env.gateway().url("/#/requests/" + id));
      assertThat(page.locator("#request-title")).hasText("review_task");
      page.locator("button.emit[data-outcome='rejected']").click();
      assertThat(page.locator("#answer-result")).hasText("Say what to change: rejecting needs feedback.");
      assertThat(page.locator("#feedback")).isFocused();
      assertEquals("pending", expect(200, service().get(REQUESTS + "/" + id)).getString("status"));
      page.locator("#feedback").fill("Add sources, please.");
      page.locator("button.emit[data-outcome='rejected']").click();
      assertThat(page.locator("#answer-result")).containsText("Sent. Outcome: rejected");
      JsonObject stored = expect(200, service().get(REQUESTS + "/" + id));
      assertEquals(false, stored.getBoolean("is_approve"));
      assertEquals("Add sources, please.", stored.getString("human_feedback"));
    }
  }

  @Test
  void everythingWorksFromTheKeyboard() {
    String id = createFlowRequest("flow-keys-" + UUID.randomUUID(), "keyboard_task", "Answer me by keyboard",
        "Plain *content*.", List.of("accept", "decline"), null);
    try (BrowserContext context = desktop()) {
      Page page = signIn(context, MANAGER_KEY);
      assertThat(item(page, id)).isVisible();
      page.locator("body").focus();
      tabUntil(page, "document.activeElement.closest('li[data-request-id=\"" + id + "\"]') !== null");
      page.keyboard().press("Enter");
      assertThat(page.locator("#request-title")).hasText("keyboard_task");
      assertThat(page.locator("#request-title")).isFocused();
      tabUntil(page, "document.activeElement.matches('button.emit[data-outcome=\"decline\"]')");
      page.keyboard().press("Enter");
      assertThat(page.locator("#answer-result")).containsText("Sent. Outcome: decline");
      assertEquals("decline", expect(200, service().get(REQUESTS + "/" + id)).getString("outcome"));
    }
  }

  @Test
  void worksAtPhoneWidth() {
    String id = createFlowRequest("flow-phone-" + UUID.randomUUID(), "review_post", "Approve this post?", ARTICLE,
        List.of("approved", "rejected"), null);
    try (BrowserContext context = watched(browser.newContext(new Browser.NewContextOptions()
        .setViewportSize(375, 740).setDeviceScaleFactor(2).setIsMobile(true).setHasTouch(true)))) {
      Page page = context.newPage();
      page.navigate(env.gateway().url("/"));
      assertThat(page.locator("#sign-in")).isVisible();
      screenshot(page, "phone-sign-in");
      signIn(page, MANAGER_KEY);
      assertThat(item(page, id)).isVisible();
      assertNoHorizontalScroll(page);
      screenshot(page, "phone");
      item(page, id).locator("a").click();
      assertThat(page.locator("#request-content pre code.hljs")).isVisible();
      assertNoHorizontalScroll(page);
      screenshot(page, "phone-request");
    }
  }

  @Test
  void signInRefusesAWrongTokenAndSignOutForgetsIt() {
    try (BrowserContext context = desktop()) {
      Page page = context.newPage();
      page.navigate(env.gateway().url("/"));
      assertThat(page.locator("#token")).isFocused();
      screenshot(page, "sign-in");
      page.locator("#token").fill("not-a-valid-key");
      page.locator("#sign-in-form button[type=submit]").click();
      assertThat(page.locator("#sign-in-error")).hasText("That token was not accepted.");
      signIn(page, MANAGER_KEY);
      assertEquals(MANAGER_KEY, page.evaluate("() => sessionStorage.getItem('hitl.token')"));
      page.reload();
      assertThat(page.locator("#connection")).hasAttribute("data-state", "live");
      page.locator("#sign-out").click();
      assertThat(page.locator("#sign-in")).isVisible();
      assertEquals(null, page.evaluate("() => sessionStorage.getItem('hitl.token')"));
    }
  }

  @Test
  void servesThePagePubliclyWithAStrictContentSecurityPolicy() {
    HttpResponse<String> index = new Caller(env.gateway().port(), null).get("/");
    assertEquals(200, index.statusCode());
    String csp = index.headers().firstValue("Content-Security-Policy").orElse("");
    assertTrue(csp.contains("script-src 'self'") && csp.contains("connect-src 'self'") && !csp.contains("unsafe"), csp);
    assertEquals("nosniff", index.headers().firstValue("X-Content-Type-Options").orElse(""));
    assertTrue(index.body().contains("/dashboard/js/main.js"));
    HttpResponse<String> head = new Caller(env.gateway().port(), null).call("HEAD", "/", null, Map.of());
    assertEquals(200, head.statusCode());
    assertEquals(csp, head.headers().firstValue("Content-Security-Policy").orElse(""));

    Caller anonymous = new Caller(env.gateway().port(), null);
    HttpResponse<String> library = anonymous.get("/webjars/dompurify/3.2.4/dist/purify.min.js");
    assertEquals(200, library.statusCode());
    assertTrue(library.headers().firstValue("Content-Type").orElse("").contains("javascript"));
    assertEquals(404, anonymous.get("/dashboard/js/nope.js").statusCode());
    assertEquals(404, anonymous.get("/webjars/nope/1.0/nope.js").statusCode());
    assertEquals(401, anonymous.get(REQUESTS).statusCode(), "the API still needs a credential");
  }

  /** Audit, analytics and settings pages over the real endpoints, with data made through the API. */
  @Test
  void managerPagesShowTheRealAuditAnalyticsAndSettings() {
    Caller manager = new Caller(env.gateway().port(), MANAGER_KEY);
    expect(200, manager.put("/api/v1/settings", new JsonObject().put("sla_target_minutes", 60)
        .put("auto_response", new JsonObject().put("enabled", false))));
    for (String feedback : List.of("approved", "approved", "rejected\nnot on brand")) {
      String id = expect(201, manager.post(REQUESTS, new JsonObject().put("flow_id", "flow-analytics")
          .put("method_name", "review_article").put("message", "Review").put("emit", new JsonArray().add("approved").add("rejected"))))
          .getString("request_id");
      expect(200, manager.post(REQUESTS + "/" + id + "/response", new JsonObject().put("feedback", feedback)));
    }
    expect(201, manager.post("/api/v1/routing-rules", new JsonObject().put("name", "Articles to editors")
        .put("match", new JsonObject().put("method_name", "review_*")).put("assign_to_email", "editor@example.com")));
    JsonObject figures = expect(200, manager.get("/api/v1/analytics"));

    try (BrowserContext context = desktop()) {
      Page page = signIn(context, MANAGER_KEY);

      page.navigate(env.gateway().url("/#/analytics"));
      assertThat(page.locator("#analytics-body canvas")).hasCount(4);
      for (Object o : figures.getJsonObject("decisions").getJsonArray("outcomes")) {
        JsonObject d = (JsonObject) o;
        String label = "free_form".equals(d.getString("outcome")) ? "(free-form)" : d.getString("outcome");
        assertThat(page.locator("#decisions")).containsText(label + " " + number(d.getDouble("percentage")) + "%");
      }
      assertThat(page.locator("#sla")).containsText(number(figures.getJsonObject("sla").getDouble("compliance_percent"))
          + "% within target");
      assertThat(page.locator("#response-times")).containsText("Average ");
      page.waitForTimeout(300);
      screenshot(page, "analytics");

      page.navigate(env.gateway().url("/#/audit"));
      assertThat(page.locator("#audit-body")).containsText("request.responded");
      assertThat(page.locator("#audit-body")).containsText("settings.updated");
      page.locator("#audit-verify").click();
      assertThat(page.locator("#audit-verify-result")).containsText("Intact");
      screenshot(page, "audit");

      page.navigate(env.gateway().url("/#/settings"));
      assertThat(page.locator("#set-email")).isChecked();
      assertThat(page.locator("#set-sla")).hasValue("60");
      assertThat(page.locator("#settings-routing")).containsText("Articles to editors");
      page.locator("#set-sla").fill("45");
      page.locator("#settings-form button[type=submit]").click();
      assertThat(page.locator("#settings-status")).hasText("Saved.");
      assertEquals(45, expect(200, manager.get("/api/v1/settings")).getInteger("sla_target_minutes"));
      page.locator("#hook-url").fill("https://hooks.example.com/new");
      page.locator("#hook-form button[type=submit]").click();
      assertThat(page.locator("#webhook-secret")).containsText("whsec_");
      assertThat(page.locator("#settings-webhooks")).containsText("https://hooks.example.com/new");
      assertTrue(expect(200, manager.get("/api/v1/webhooks")).getJsonArray("webhooks").stream()
          .anyMatch(w -> "https://hooks.example.com/new".equals(((JsonObject) w).getString("url"))));
      screenshot(page, "settings");
    } finally {
      expect(200, manager.put("/api/v1/settings", new JsonObject().putNull("sla_target_minutes")));
    }
  }

  /** A percentage as the dashboard prints it: no trailing ".0". */
  private static String number(double value) {
    return value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value);
  }

  // ---------------------------------------------------------------------------------------------

  private static BrowserContext desktop() {
    return watched(browser.newContext(new Browser.NewContextOptions().setViewportSize(1280, 860)));
  }

  private static BrowserContext watched(BrowserContext context) {
    context.onPage(page -> page.onConsoleMessage(m -> {
      if ("error".equals(m.type())) {
        CONSOLE_ERRORS.add(m.text() + " [at " + m.location() + " on " + page.url() + "]");
      }
    }));
    return context;
  }

  private static Page signIn(BrowserContext context, String key) {
    Page page = context.newPage();
    page.navigate(env.gateway().url("/"));
    return signIn(page, key);
  }

  private static Page signIn(Page page, String key) {
    page.locator("#token").fill(key);
    page.locator("#sign-in-form button[type=submit]").click();
    // Live before the test goes on: the all-executions stream starts with the next event.
    assertThat(page.locator("#connection")).hasAttribute("data-state", "live");
    return page;
  }

  private static Locator item(Page page, String requestId) {
    return page.locator("#pending-list li[data-request-id='" + requestId + "']");
  }

  private static void tabUntil(Page page, String condition) {
    for (int i = 0; i < 80; i++) {
      page.keyboard().press("Tab");
      if (Boolean.TRUE.equals(page.evaluate("() => " + condition))) {
        return;
      }
    }
    fail("never reached by Tab: " + condition);
  }

  private static void assertNoHorizontalScroll(Page page) {
    Object width = page.evaluate("() => document.documentElement.scrollWidth");
    assertTrue(((Number) width).intValue() <= 375, () -> "the page is " + width + " px wide at a 375 px viewport; too wide: "
        + page.evaluate("() => [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > 376)"
            + ".slice(0, 8).map(e => e.tagName + '#' + e.id + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right)).join(', ')"));
  }

  private static void screenshot(Page page, String name) {
    page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve(name + ".png")).setFullPage(true));
  }

  private static Caller service() {
    return Caller.service(env.gateway().port());
  }

  /** Opens a flow request; with an assignee, reassigns it to them. */
  private static String createFlowRequest(String flow, String method, String message, String output,
      List<String> emit, String assignee) {
    JsonObject body = new JsonObject().put("flow_id", flow).put("method_name", method).put("message", message)
        .put("output", output).put("emit", new JsonArray(emit))
        .put("state", new JsonObject().put("article_id", 12345).put("sales_rep_email", "alice@example.com"))
        .put("metadata", new JsonObject().put("channel", "blog"));
    String id = expect(201, service().post(REQUESTS, body)).getString("request_id");
    if (assignee != null) {
      expect(200, service().put(REQUESTS + "/" + id + "/assignment", new JsonObject().put("assigned_to_email", assignee)));
    }
    return id;
  }

  private static final String ARTICLE = """
      # Q1 campaign results

      Revenue grew **18 %** quarter on quarter. Highlights:

      - 3 new enterprise customers
      - churn down to *1.2 %*

      | region | growth |
      |---|---|
      | EMEA | 21 % |
      | APAC | 14 % |

      ```python
      def growth(before, after):
          return (after - before) / before * 100
      ```

      See the [full report](https://example.com/q1).
      """;
}
