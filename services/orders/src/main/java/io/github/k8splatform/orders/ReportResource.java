package io.github.k8splatform.orders;

import io.github.k8splatform.web.Problem;
import io.github.k8splatform.web.ProblemException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.sql.SQLException;

@Path("/api/orders/reports")
@Produces(MediaType.APPLICATION_JSON)
public class ReportResource {

    private final ReportRepository reports;

    ReportResource(ReportRepository reports) {
        this.reports = reports;
    }

    @GET
    @Path("latest")
    public Report latest() throws SQLException {
        return reports.latest().orElseThrow(() -> new ProblemException(Problem.of(404, "no-report", "Not Found",
                "no report yet: the report CronJob (batch report) has not run")));
    }
}
