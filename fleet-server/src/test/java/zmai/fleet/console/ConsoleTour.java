package zmai.fleet.console;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;

import java.nio.file.Path;
import java.time.Duration;
import java.time.YearMonth;
import java.time.ZoneId;

/**
 * Walks through the console of a running demo server (scripts/screenshots.sh starts one) as a newcomer would and
 * saves a screenshot of each page into console.tour.dir. Only runs when console.tour.url is given.
 */
@EnabledIfSystemProperty(named = "console.tour.url", matches = ".+")
class ConsoleTour {

    @Test
    void everyPage() {
        String url = System.getProperty("console.tour.url");
        Path dir = Path.of(System.getProperty("console.tour.dir", "target/screenshots"));
        String month = YearMonth.now(ZoneId.of("Europe/Berlin")).minusMonths(1).toString();
        try (Browser browser = new Browser(url, 1366, 900)) {
            browser.driver().get(url + "/");
            browser.byId("token");
            browser.screenshot(dir.resolve("sign-in.png"));
            browser.signIn(System.getProperty("console.tour.token"));

            browser.open("#/fleet");
            browser.visible(By.cssSelector("#fleet-table tbody tr[data-id]"));
            browser.waitFor(d -> !d.findElement(By.id("fleet-summary")).getText().isBlank());
            browser.screenshot(dir.resolve("fleet.png"));
            browser.choose("fleet-online", "false");
            browser.waitFor(d -> d.findElement(By.id("fleet-count")).getText().equals("1 meter"));

            browser.open("#/meters/c8478c000002");
            browser.visible(By.cssSelector("#meter-power-chart canvas"));
            browser.visible(By.cssSelector("#meter-energy-chart canvas"));
            browser.screenshot(dir.resolve("meter.png"));

            browser.open("#/rollouts");
            browser.waitFor(d -> !d.findElements(By.cssSelector("#rollout-firmware option")).isEmpty());
            browser.byId("rollout-tags").sendKeys("rack-b");
            browser.byId("rollout-waves").clear();
            browser.byId("rollout-waves").sendKeys("50, 100");
            browser.byId("rollout-concurrent").clear();
            browser.byId("rollout-concurrent").sendKeys("2");
            browser.byId("rollout-preview-button").click();
            browser.waitFor(d -> d.findElement(By.id("rollout-preview")).getText().startsWith("This rollout"));
            browser.screenshot(dir.resolve("rollouts.png"));
            browser.byId("rollout-create").click();
            browser.waitFor(d -> d.getCurrentUrl().matches(".*#/rollouts/[^/?]+$"));
            browser.waitFor(d -> d.findElement(By.id("wave-table")).getText().contains("succeeded"),
                    Duration.ofSeconds(60));
            browser.screenshot(dir.resolve("rollout.png"));

            browser.open("#/energy?month=" + month);
            browser.visible(By.cssSelector("#energy-table tbody tr"));
            browser.screenshot(dir.resolve("energy.png"));
            browser.visible(By.cssSelector("#energy-table tbody tr a")).click();
            browser.visible(By.cssSelector("#circuit-days-chart canvas"));
            browser.waitFor(d -> d.findElements(By.cssSelector("#assignment-table [data-energy-for]")).stream()
                    .noneMatch(cell -> cell.getText().equals("…")));
            browser.screenshot(dir.resolve("circuit.png"));

            // a phone's width: the same pages, one column, tables scrolling sideways
            browser.driver().manage().window().setSize(new Dimension(390, 844));
            browser.open("#/meters/c8478c000002");
            browser.visible(By.cssSelector("#meter-power-chart canvas"));
            browser.screenshot(dir.resolve("meter-phone.png"));
        }
    }
}
