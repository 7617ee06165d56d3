package zmai.fleet.live;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import zmai.fleet.device.Device;
import zmai.fleet.device.DeviceView;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The reads of the live feed: a few devices by id, and the fleet's counts, each one query. */
@ApplicationScoped
class DeviceRows {

    // far above one tick's usual changes; only keeps a huge union within the driver's bind-parameter limit
    private static final int IDS_PER_QUERY = 10_000;

    @Transactional
    Map<String, DeviceView> views(Set<String> ids) {
        Map<String, DeviceView> views = new HashMap<>();
        List<String> all = new ArrayList<>(ids);
        for (int from = 0; from < all.size(); from += IDS_PER_QUERY) {
            List<String> chunk = all.subList(from, Math.min(all.size(), from + IDS_PER_QUERY));
            for (Device d : Device.<Device>list("id in ?1", chunk)) {
                views.put(d.id, DeviceView.of(d));
            }
        }
        return views;
    }

    @Transactional
    Summary summary() {
        Object[] row = (Object[]) Device.getEntityManager()
                .createNativeQuery("SELECT count(*), count(*) FILTER (WHERE online) FROM device").getSingleResult();
        return Summary.of(((Number) row[0]).longValue(), ((Number) row[1]).longValue());
    }
}
