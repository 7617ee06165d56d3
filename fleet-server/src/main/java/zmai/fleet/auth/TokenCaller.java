package zmai.fleet.auth;

/** Who presented a valid token: its public id, its name (the caller in audit logs) and its role. */
record TokenCaller(String id, String name, Role role) {
}
