package zmai.fleet.ota;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DeviceUrlTest {

    @Test
    void fillsInTheMetersAddressTopicAndId() {
        assertThat(DeviceUrl.parse("http://{ip}").of("c8478c000001", "obk8C000001", "192.168.1.20"))
                .contains(URI.create("http://192.168.1.20"));
        assertThat(DeviceUrl.parse("http://127.0.0.1:8099/{topic}/").of("c8478c000001", "obk 1", null))
                .contains(URI.create("http://127.0.0.1:8099/obk+1"));
    }

    @Test
    void aMeterWithoutTheAddressTheTemplateNeedsCannotBeReached() {
        assertThat(DeviceUrl.parse("http://{ip}").of("c8478c000001", "obk8C000001", null)).isEqualTo(Optional.empty());
    }

    @Test
    void onlyPlainHttpUrls() {
        assertThatThrownBy(() -> DeviceUrl.parse("https://{ip}")).hasMessageContaining("http://");
        assertThatThrownBy(() -> DeviceUrl.parse("{ip}")).hasMessageContaining("http://");
        assertThatThrownBy(() -> DeviceUrl.parse(null)).hasMessageContaining("http://");
    }
}
