package zmai.fleet.console;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The fleet page in headless Chromium against a running server (scripts/bench-console.sh fills it with 50,000
 * meters): how long until the first rows show after opening the page, and until the table shows the result of a
 * filter, sort or page change. The console itself records both with performance.now(); the figures are printed
 * as a Markdown table and written to target/console-benchmark.md. Only runs when console.bench.url is given.
 */
@EnabledIfSystemProperty(named = "console.bench.url", matches = ".+")
class ConsoleBenchmark {

    private static final int WARM_UP = 2;
    private static final int RUNS = Integer.getInteger("console.bench.runs", 15);

    private final Map<String, List<Double>> samples = new LinkedHashMap<>();

    @Test
    void fleetPage() throws IOException {
        String url = System.getProperty("console.bench.url");
        try (Browser browser = new Browser(url, 1400, 1000)) {
            browser.signIn(System.getProperty("console.bench.token"));
            for (int run = 0; run < WARM_UP + RUNS; run++) {
                boolean counted = run >= WARM_UP;
                // a new document each time: scripts, sign-in check, the list query and the first rows all count
                browser.driver().get(url + "/?run=" + run + "#/fleet");
                double first = ((Number) browser.waitFor(d -> browser.script(
                        "return window.consoleTimings && window.consoleTimings.fleetFirstRender"))).doubleValue();
                record(counted, "open the fleet page (first rows shown, from navigation start)", first);
                change(browser, counted, "filter: offline only", b -> b.choose("fleet-online", "false"));
                change(browser, counted, "filter: back to all", b -> b.choose("fleet-online", ""));
                change(browser, counted, "filter: one firmware version", b -> b.choose("fleet-firmware", "1.18.288"));
                settle(browser, b -> b.choose("fleet-firmware", ""));
                change(browser, counted, "filter: one tag", b -> b.choose("fleet-tag", "rack-042"));
                settle(browser, b -> b.choose("fleet-tag", ""));
                change(browser, counted, "search: text in name/topic/MAC/IP/notes (from the end of the 200 ms"
                        + " typing pause)", b -> b.byId("fleet-search").sendKeys("00:a1" + Keys.TAB));
                settle(browser, b -> {
                    // typed away, as a user would: clear() alone fires no input event
                    b.byId("fleet-search").sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.BACK_SPACE);
                });
                change(browser, counted, "sort: by power", b -> sortByPower(b));
                change(browser, counted, "sort: by power, highest first", b -> sortByPower(b));
                change(browser, counted, "page: next 50", b -> b.visible(By.xpath("//nav[@class='pager']/button[2]"))
                        .click());
            }
        }
        String table = table();
        System.out.println(table);
        Files.writeString(Path.of("target", "console-benchmark.md"), table);
    }

    private void change(Browser browser, boolean counted, String what, Consumer<Browser> action) {
        record(counted, what, settle(browser, action));
    }

    /** Does something that re-renders the table, and answers how long the console took to show the result. */
    private static double settle(Browser browser, Consumer<Browser> action) {
        long before = renders(browser);
        action.accept(browser);
        return waitForRender(browser, before);
    }

    private static void sortByPower(Browser browser) {
        browser.visible(By.xpath("//th/button[starts-with(normalize-space(.), 'Power')]")).click();
    }

    private static long renders(Browser browser) {
        return ((Number) browser.script("return window.consoleTimings.fleetRenders")).longValue();
    }

    private static double waitForRender(Browser browser, long before) {
        browser.waitFor(d -> renders(browser) > before);
        return ((Number) browser.script("return window.consoleTimings.fleetFilter")).doubleValue();
    }

    private void record(boolean counted, String what, double millis) {
        if (counted) {
            samples.computeIfAbsent(what, k -> new ArrayList<>()).add(millis);
        }
    }

    private String table() {
        StringBuilder out = new StringBuilder("| action | median | p95 | max | runs |\n| --- | --- | --- | --- | --- |\n");
        samples.forEach((what, values) -> {
            List<Double> sorted = values.stream().sorted().toList();
            out.append(String.format("| %s | %.0f ms | %.0f ms | %.0f ms | %d |%n", what, percentile(sorted, 50),
                    percentile(sorted, 95), sorted.get(sorted.size() - 1), sorted.size()));
        });
        return out.toString();
    }

    private static double percentile(List<Double> sorted, int p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, rank));
    }
}
