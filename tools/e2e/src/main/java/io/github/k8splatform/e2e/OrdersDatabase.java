package io.github.k8splatform.e2e;

import io.fabric8.kubernetes.api.model.SecretKeySelector;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The orders database of the running platform, read directly: beside the drill's API check, each
 * 2xx order must be stored exactly once, under its idempotency key. The password is the one orders'
 * Deployment takes from its Secret, as this run made it.
 */
final class OrdersDatabase {

    private final Platform platform;
    private final String jdbc;
    private final String password;

    OrdersDatabase(Platform platform) {
        this.platform = platform;
        SecretKeySelector ref = platform.rendered.one(Deployment.class, "orders").getSpec()
                .getTemplate().getSpec().getContainers().get(0).getEnv().stream()
                .filter(e -> e.getName().equals("DB_PASSWORD")).findFirst()
                .orElseThrow().getValueFrom().getSecretKeyRef();
        password = platform.containers.secrets.value(ref.getName(), ref.getKey());
        jdbc = "jdbc:postgresql://" + platform.docker.published(platform.postgres(), 5432) + "/orders";
    }

    /** Exactly one row per 2xx order of the drill whose keys start with runId, with the order's id. */
    boolean eachOrderStoredOnce(Drill.Result drill, String runId) throws SQLException {
        Map<String, Long> rows = new HashMap<>();
        try (Connection c = DriverManager.getConnection(jdbc, "orders", password);
                PreparedStatement s = c.prepareStatement("SELECT idempotency_key, id FROM orders.orders WHERE idempotency_key LIKE ?")) {
            s.setString(1, runId + "-%");
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    rows.put(r.getString(1), r.getLong(2));
                }
            }
        }
        List<Drill.Sample> ok = drill.writes().stream().filter(Drill.Sample::ok).toList();
        long missing = ok.stream().filter(w -> !Long.valueOf(w.orderId()).equals(rows.get(w.key()))).count();
        platform.say("e2e: database: %d rows for %d 2xx orders, %d missing or different".formatted(rows.size(), ok.size(), missing));
        return missing == 0 && rows.size() == ok.size();
    }
}
