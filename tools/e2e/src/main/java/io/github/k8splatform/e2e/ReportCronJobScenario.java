package io.github.k8splatform.e2e;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;

/**
 * The report CronJob's report step, run once: the gateway's overview must then show today's report,
 * with the smoke order's sku in it.
 */
record ReportCronJobScenario(Platform platform) {

    boolean run(String orderedSku) throws Exception {
        PodSpec cron = platform.rendered.one(CronJob.class, "report").getSpec().getJobTemplate().getSpec().getTemplate()
                .getSpec();
        Container report = cron.getInitContainers().get(0);
        Docker.Completed reported = platform.docker.runToCompletion(platform.containers.runArgs(cron, report,
                platform.network(), platform.prefix + "-report", null, null, Map.of()), 180);
        platform.say("e2e: cronjob report/" + report.getName() + " exit " + reported.exitCode() + ": "
                + reported.logs().strip());
        var overview = Http.get(platform.base().resolve("/api/overview")).json().path("report");
        String today = LocalDate.now(ZoneOffset.UTC).toString();
        boolean reportSeen = reported.exitCode() == 0 && overview.path("status").asText().equals("up")
                && overview.path("value").path("periodStart").asText().equals(today)
                && overview.path("value").path("lines").findValuesAsText("sku").contains(orderedSku);
        platform.say("e2e: the gateway shows today's report with the smoke order's sku: " + reportSeen);
        return reportSeen;
    }
}
