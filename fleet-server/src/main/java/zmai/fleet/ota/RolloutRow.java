package zmai.fleet.ota;

import zmai.core.firmware.FirmwareVersion;
import zmai.core.meter.ChipFamily;
import zmai.core.ota.OtaStep;
import zmai.core.ota.Precheck;
import zmai.core.ota.WavePlan;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import java.util.OptionalInt;

/** One row of {@code rollout}. */
record RolloutRow(long pk, String id, String firmwareId, String filename, ChipFamily chip, FirmwareVersion target,
                  long imageSize, RolloutState state, Optional<String> stateReason, Instant createdAt,
                  String createdBy, WavePlan plan, int currentWave, int acknowledgedFailures, int maxConcurrent,
                  int failureThresholdPercent, int successThresholdPercent, Duration fetchTimeout,
                  Duration deviceTimeout, OptionalInt minRssi, Optional<DeviceUrl> push, String urlToken,
                  Optional<Instant> finishedAt) {

    static final String COLUMNS = "pk, id, firmware_id, filename, chip, target_version, image_size, state,"
            + " state_reason, created_at, created_by, wave_ends, current_wave, acknowledged_failures, max_concurrent,"
            + " failure_threshold_percent, success_threshold_percent, fetch_timeout_ms, device_timeout_ms, min_rssi,"
            + " push_url, url_token, finished_at";

    static RolloutRow read(ResultSet rs) throws SQLException {
        Integer[] ends = (Integer[]) rs.getArray("wave_ends").getArray();
        int minRssi = rs.getInt("min_rssi");
        OptionalInt floor = rs.wasNull() ? OptionalInt.empty() : OptionalInt.of(minRssi);
        Timestamp finished = rs.getTimestamp("finished_at");
        return new RolloutRow(rs.getLong("pk"), rs.getString("id"), rs.getString("firmware_id"),
                rs.getString("filename"), ChipFamily.valueOf(rs.getString("chip")),
                FirmwareVersion.parse(rs.getString("target_version")), rs.getLong("image_size"),
                RolloutState.valueOf(rs.getString("state")), Optional.ofNullable(rs.getString("state_reason")),
                rs.getTimestamp("created_at").toInstant(), rs.getString("created_by"),
                new WavePlan(Arrays.asList(ends)), rs.getInt("current_wave"), rs.getInt("acknowledged_failures"),
                rs.getInt("max_concurrent"), rs.getInt("failure_threshold_percent"),
                rs.getInt("success_threshold_percent"), Duration.ofMillis(rs.getLong("fetch_timeout_ms")),
                Duration.ofMillis(rs.getLong("device_timeout_ms")), floor,
                Optional.ofNullable(rs.getString("push_url")).map(DeviceUrl::new), rs.getString("url_token"),
                Optional.ofNullable(finished).map(Timestamp::toInstant));
    }

    OtaStep step(Duration verifyWindow) {
        return new OtaStep(target, fetchTimeout, deviceTimeout, verifyWindow);
    }

    Precheck precheck() {
        return new Precheck(chip, target, minRssi);
    }

    boolean isLastWave() {
        return currentWave >= plan.waves() - 1;
    }
}
