package io.github.k8splatform.orders;

import io.github.k8splatform.web.Problem;
import io.github.k8splatform.web.ProblemException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.sql.SQLException;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

@Path("/api/orders/reports")
@Produces(MediaType.APPLICATION_JSON)
public class ReportResource {

    private final ReportRepository reports;

    ReportResource(ReportRepository reports) {
        this.reports = reports;
    }

    @GET
    @Path("latest")
    @APIResponse(responseCode = "200", description = "The report the CronJob wrote last",
            content = @Content(schema = @Schema(implementation = Report.class)))
    @APIResponse(responseCode = "404", description = "No report yet")
    public Report latest() throws SQLException {
        return reports.latest().orElseThrow(() -> new ProblemException(Problem.of(404, "no-report", "Not Found",
                "no report yet: the report CronJob (batch report) has not run")));
    }
}
