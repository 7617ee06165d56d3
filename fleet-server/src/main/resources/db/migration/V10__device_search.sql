-- The console finds meters by any part of their id, topic, name, MAC, IP or notes. A trigram index answers those
-- substring searches without reading every row; DeviceFilter searches exactly this expression. Values the meters
-- report every few seconds (power, signal, uptime) stay out of every index, so their updates remain cheap.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX device_search ON device USING GIN ((lower(id || ' ' || coalesce(topic, '') || ' ' || coalesce(name, '')
    || ' ' || coalesce(mac, '') || ' ' || coalesce(ip, '') || ' ' || coalesce(notes, ''))) gin_trgm_ops);
-- the fleet table's default order, by name
CREATE INDEX device_name_order ON device (name, id);
