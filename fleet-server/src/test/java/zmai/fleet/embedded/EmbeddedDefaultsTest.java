package zmai.fleet.embedded;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EmbeddedDefaultsTest {

    private static Properties props(String... keyValues) {
        Properties p = new Properties();
        for (int i = 0; i < keyValues.length; i += 2) {
            p.setProperty(keyValues[i], keyValues[i + 1]);
        }
        return p;
    }

    @Test
    void nothingConfiguredStartsBothOnLoopbackWithDefaults() {
        EmbeddedDefaults.Plan plan = EmbeddedDefaults.decide(Map.of(), props());

        assertThat(plan.dataDirectory()).isEqualTo(Path.of("fleet-data").toAbsolutePath());
        assertThat(plan.database()).contains(new EmbeddedDefaults.Database(
                Path.of("fleet-data", "postgres").toAbsolutePath(), 0));
        EmbeddedDefaults.Broker broker = plan.broker().orElseThrow();
        assertThat(broker.host()).isEqualTo("127.0.0.1");
        assertThat(broker.port()).isEqualTo(1883);
        assertThat(broker.loopbackOnly()).isTrue();
        assertThat(broker.credentials()).isEmpty();
        assertThat(broker.clientUrl()).isEqualTo("tcp://127.0.0.1:1883");
    }

    @Test
    void aGivenJdbcUrlFromEnvironmentOrSystemPropertyMeansNoEmbeddedDatabase() {
        assertThat(EmbeddedDefaults.decide(Map.of("QUARKUS_DATASOURCE_JDBC_URL", "jdbc:postgresql://db/x"), props())
                .database()).isEmpty();
        assertThat(EmbeddedDefaults.decide(Map.of(), props("quarkus.datasource.jdbc.url", "jdbc:postgresql://db/x"))
                .database()).isEmpty();
    }

    @Test
    void aGivenBrokerUrlMeansNoEmbeddedBrokerEvenBeyondLoopback() {
        EmbeddedDefaults.Plan plan = EmbeddedDefaults.decide(
                Map.of("FLEET_MQTT_URL", "tcp://broker:1883", "FLEET_EMBEDDED_BROKER_HOST", "0.0.0.0"), props());
        assertThat(plan.broker()).isEmpty();
        assertThat(plan.database()).isPresent();
        assertThat(EmbeddedDefaults.decide(Map.of(), props("fleet.mqtt.url", "tcp://broker:1883")).broker()).isEmpty();
    }

    @Test
    void blankValuesCountAsAbsent() {
        EmbeddedDefaults.Plan plan = EmbeddedDefaults.decide(Map.of("FLEET_MQTT_URL", " ",
                "QUARKUS_DATASOURCE_JDBC_URL", ""), props());
        assertThat(plan.database()).isPresent();
        assertThat(plan.broker()).isPresent();
    }

    @Test
    void systemPropertiesOutrankTheEnvironment() {
        EmbeddedDefaults.Plan plan = EmbeddedDefaults.decide(
                Map.of("FLEET_DATA_DIR", "/srv/from-env", "FLEET_EMBEDDED_BROKER_PORT", "1884",
                        "FLEET_EMBEDDED_DB_PORT", "5544"),
                props("fleet.data-dir", "/srv/from-property"));
        assertThat(plan.dataDirectory()).isEqualTo(Path.of("/srv/from-property"));
        assertThat(plan.database().orElseThrow().dataDirectory()).isEqualTo(Path.of("/srv/from-property/postgres"));
        assertThat(plan.database().orElseThrow().port()).isEqualTo(5544);
        assertThat(plan.broker().orElseThrow().port()).isEqualTo(1884);
    }

    @Test
    void beyondLoopbackWithoutCredentialsIsRefusedNamingTheSettings() {
        assertThatThrownBy(() -> EmbeddedDefaults.decide(Map.of("FLEET_EMBEDDED_BROKER_HOST", "0.0.0.0"), props()))
                .isInstanceOf(EmbeddedSettingException.class)
                .hasMessageContaining("FLEET_EMBEDDED_BROKER_USERNAME")
                .hasMessageContaining("FLEET_EMBEDDED_BROKER_PASSWORD");
    }

    @Test
    void beyondLoopbackWithCredentialsRequiresThem() {
        EmbeddedDefaults.Broker broker = EmbeddedDefaults.decide(Map.of("FLEET_EMBEDDED_BROKER_HOST", "0.0.0.0",
                "FLEET_EMBEDDED_BROKER_USERNAME", "fleet", "FLEET_EMBEDDED_BROKER_PASSWORD", "s3cret"), props())
                .broker().orElseThrow();
        assertThat(broker.loopbackOnly()).isFalse();
        assertThat(broker.credentials()).contains(new BrokerCredentials("fleet", "s3cret"));
        // the fleet's own client reaches a wildcard bind over loopback
        assertThat(broker.clientUrl()).isEqualTo("tcp://127.0.0.1:1883");
    }

    @Test
    void halfTheCredentialsIsAnError() {
        assertThatThrownBy(() -> EmbeddedDefaults.decide(Map.of("FLEET_EMBEDDED_BROKER_USERNAME", "fleet"), props()))
                .isInstanceOf(EmbeddedSettingException.class)
                .hasMessageContaining("fleet.embedded-broker.password");
    }

    @Test
    void loopbackNamesAndAddressesAreRecognised() {
        assertThat(EmbeddedDefaults.isLoopback("localhost")).isTrue();
        assertThat(EmbeddedDefaults.isLoopback("127.0.0.2")).isTrue();
        assertThat(EmbeddedDefaults.isLoopback("::1")).isTrue();
        assertThat(EmbeddedDefaults.isLoopback("0.0.0.0")).isFalse();
        assertThat(EmbeddedDefaults.isLoopback("10.1.2.3")).isFalse();
    }

    @Test
    void ipv6HostsAreBracketedInTheClientUrl() {
        EmbeddedDefaults.Broker broker = EmbeddedDefaults.decide(Map.of("FLEET_EMBEDDED_BROKER_HOST", "::1"), props())
                .broker().orElseThrow();
        assertThat(broker.clientUrl()).isEqualTo("tcp://[::1]:1883");
    }

    @Test
    void portsOutOfRangeOrNotNumbersAreRefusedNamingTheSetting() {
        assertThatThrownBy(() -> EmbeddedDefaults.decide(Map.of("FLEET_EMBEDDED_BROKER_PORT", "0"), props()))
                .isInstanceOf(EmbeddedSettingException.class).hasMessageContaining("FLEET_EMBEDDED_BROKER_PORT");
        assertThatThrownBy(() -> EmbeddedDefaults.decide(Map.of("FLEET_EMBEDDED_DB_PORT", "x"), props()))
                .isInstanceOf(EmbeddedSettingException.class).hasMessageContaining("FLEET_EMBEDDED_DB_PORT");
        assertThatThrownBy(() -> EmbeddedDefaults.decide(Map.of("FLEET_EMBEDDED_BROKER_PORT", "70000"), props()))
                .isInstanceOf(EmbeddedSettingException.class);
    }

    @Test
    void settingsMapToTheirEnvironmentVariables() {
        assertThat(new Setting("fleet.embedded-broker.port").envName()).isEqualTo("FLEET_EMBEDDED_BROKER_PORT");
        assertThat(new Setting("quarkus.datasource.jdbc.url").envName()).isEqualTo("QUARKUS_DATASOURCE_JDBC_URL");
    }

    @Test
    void credentialsCompareWholeValuesAndHideThePassword() {
        BrokerCredentials c = new BrokerCredentials("fleet", "s3cret");
        assertThat(c.matches("fleet", "s3cret".getBytes())).isTrue();
        assertThat(c.matches("fleet", "s3cre".getBytes())).isFalse();
        assertThat(c.matches(null, null)).isFalse();
        assertThat(c.toString()).doesNotContain("s3cret");
    }
}
