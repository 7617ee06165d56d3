package zmai.core.topic;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SubscriptionFiltersTest {

    @Test
    void openBekenCoversTheChecklistOfSpec110() {
        assertThat(SubscriptionFilters.openBeken()).contains("+/connected", "+/build", "+/uptime", "+/ip", "+/rssi",
                "+/mac", "+/host", "+/+/get");
    }

    @Test
    void openBekenCoversNamedSensorsWithoutGet() {   // flag 50
        assertThat(SubscriptionFilters.openBeken()).contains("+/energycounter", "+/voltage", "+/138",
                "+/energycounter_clear_date");
    }

    @Test
    void tasmotaCoversTelemetryAndRelays() {
        assertThat(SubscriptionFilters.tasmota()).containsExactly("tele/+/LWT", "tele/+/STATE", "tele/+/SENSOR",
                "tele/+/INFO1", "tele/+/INFO2", "tele/+/INFO3", "stat/+/+");
    }

    @Test
    void bothDialectsHasNoDuplicates() {
        assertThat(SubscriptionFilters.bothDialects()).doesNotHaveDuplicates()
                .containsAll(SubscriptionFilters.openBeken()).containsAll(SubscriptionFilters.tasmota());
    }
}
