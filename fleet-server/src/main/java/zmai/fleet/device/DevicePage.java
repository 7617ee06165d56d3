package zmai.fleet.device;

import java.util.List;

/** One page of a device listing; {@code total} counts every match, not just this page. */
public record DevicePage(List<DeviceView> items, int page, int size, long total) {
}
