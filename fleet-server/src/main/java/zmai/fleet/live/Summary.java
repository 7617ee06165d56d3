package zmai.fleet.live;

/** How many devices the fleet has, and how many of them are online. */
public record Summary(long total, long online, long offline) {

    static Summary of(long total, long online) {
        return new Summary(total, online, total - online);
    }
}
