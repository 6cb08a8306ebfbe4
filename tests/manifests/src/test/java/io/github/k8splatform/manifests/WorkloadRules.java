package io.github.k8splatform.manifests;

import static io.github.k8splatform.manifests.Rule.at;
import static io.github.k8splatform.manifests.Rule.invalid;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStrategy;
import io.fabric8.kubernetes.api.model.apps.RollingUpdateDaemonSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Deployments, DaemonSets, StatefulSets, Jobs, CronJobs and PodDisruptionBudgets (pkg/apis/{apps,batch,policy}/validation). */
final class WorkloadRules {

    static final List<Rule> RULES = List.of(
            new Rule("ValidatePositiveIntOrPercent", "pkg/apis/apps/validation ValidatePositiveIntOrPercent (IsValidPercent):"
                    + " Deployment and DaemonSet rolling updates, PodDisruptionBudget minAvailable/maxUnavailable",
                    WorkloadRules::ValidatePositiveIntOrPercent),
            new Rule("IsNotMoreThan100Percent", "pkg/apis/apps/validation IsNotMoreThan100Percent", WorkloadRules::IsNotMoreThan100Percent),
            new Rule("ValidateDeploymentStrategy", "pkg/apis/apps/validation ValidateDeploymentStrategy and"
                    + " ValidateRollingUpdateDeployment: maxSurge and maxUnavailable not both 0", WorkloadRules::ValidateDeploymentStrategy),
            new Rule("ValidateRollingUpdateDaemonSet", "pkg/apis/apps/validation ValidateRollingUpdateDaemonSet: exactly one of"
                    + " maxSurge and maxUnavailable non-zero", WorkloadRules::ValidateRollingUpdateDaemonSet),
            new Rule("ValidateDeploymentSpec", "pkg/apis/apps/validation ValidateDeploymentSpec: progressDeadlineSeconds greater"
                    + " than minReadySeconds, revisionHistoryLimit not negative (ValidateNonnegativeField)", WorkloadRules::ValidateDeploymentSpec),
            new Rule("ValidatePodTemplateSpecForReplicaSet", "pkg/apis/apps/validation ValidatePodTemplateSpecForReplicaSet,"
                    + " ValidatePodTemplateSpecForStatefulSet, ValidateDaemonSetSpec: a non-empty selector that matches the template's labels",
                    WorkloadRules::ValidatePodTemplateSpecForReplicaSet),
            new Rule("validateRestartPolicy", "restartPolicy as the workload allows it: Always for Deployments, StatefulSets and"
                    + " DaemonSets (pkg/apis/apps/validation), OnFailure or Never for Jobs and CronJobs (pkg/apis/batch/validation"
                    + " validateJobSpec); unset is defaulted to Always first", WorkloadRules::validateRestartPolicy),
            new Rule("ValidatePodDisruptionBudgetSpec", "pkg/apis/policy/validation ValidatePodDisruptionBudgetSpec: minAvailable"
                    + " and maxUnavailable cannot be both set", WorkloadRules::ValidatePodDisruptionBudgetSpec),
            new Rule("validateScheduleFormat", "pkg/apis/batch/validation validateScheduleFormat: cron.ParseStandard (five fields"
                    + " or a descriptor), no TZ= or CRON_TZ= in the schedule", WorkloadRules::validateScheduleFormat),
            new Rule("validateTimeZone", "pkg/apis/batch/validation validateTimeZone: an IANA zone name, not Local",
                    WorkloadRules::validateTimeZone),
            new Rule("validateConcurrencyPolicy", "pkg/apis/batch/validation validateConcurrencyPolicy: Allow, Forbid or Replace",
                    WorkloadRules::validateConcurrencyPolicy));

    private static final Pattern TIME_ZONE_PART = Pattern.compile("[A-Za-z.\\-_0-9+]{1,14}");
    private static final Set<String> DESCRIPTORS = Set.of("@yearly", "@annually", "@monthly", "@weekly", "@daily", "@midnight", "@hourly");
    private static final Pattern EVERY = Pattern.compile("@every (\\d+(\\.\\d+)?(ns|us|µs|ms|s|m|h))+");
    private static final Pattern CRON_TERM = Pattern.compile("(\\*|\\?|(\\w+)(-(\\w+))?)(/(\\d+))?");
    private static final String[] CRON_FIELDS = {"minute", "hour", "day of month", "month", "day of week"};
    private static final int[][] CRON_BOUNDS = {{0, 59}, {0, 23}, {1, 31}, {1, 12}, {0, 6}};
    private static final List<String> MONTHS = List.of("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec");
    private static final List<String> DAYS = List.of("sun", "mon", "tue", "wed", "thu", "fri", "sat");

    private WorkloadRules() {
    }

    /** An IntOrString field that takes an integer or a percent. */
    record IntOrPercent(HasMetadata owner, String path, IntOrString value) {
    }

    static List<IntOrPercent> intOrPercentFields(List<HasMetadata> objects) {
        List<IntOrPercent> fields = new ArrayList<>();
        for (HasMetadata o : objects) {
            if (o instanceof Deployment d && d.getSpec().getStrategy() != null && d.getSpec().getStrategy().getRollingUpdate() != null) {
                fields.add(new IntOrPercent(d, "spec.strategy.rollingUpdate.maxSurge", d.getSpec().getStrategy().getRollingUpdate().getMaxSurge()));
                fields.add(new IntOrPercent(d, "spec.strategy.rollingUpdate.maxUnavailable", d.getSpec().getStrategy().getRollingUpdate().getMaxUnavailable()));
            } else if (o instanceof DaemonSet d && d.getSpec().getUpdateStrategy() != null && d.getSpec().getUpdateStrategy().getRollingUpdate() != null) {
                fields.add(new IntOrPercent(d, "spec.updateStrategy.rollingUpdate.maxSurge", d.getSpec().getUpdateStrategy().getRollingUpdate().getMaxSurge()));
                fields.add(new IntOrPercent(d, "spec.updateStrategy.rollingUpdate.maxUnavailable", d.getSpec().getUpdateStrategy().getRollingUpdate().getMaxUnavailable()));
            } else if (o instanceof PodDisruptionBudget p) {
                fields.add(new IntOrPercent(p, "spec.minAvailable", p.getSpec().getMinAvailable()));
                fields.add(new IntOrPercent(p, "spec.maxUnavailable", p.getSpec().getMaxUnavailable()));
            }
        }
        return fields.stream().filter(f -> f.value() != null).toList();
    }

    static List<String> ValidatePositiveIntOrPercent(List<HasMetadata> objects) {
        List<String> violations = new ArrayList<>();
        for (IntOrPercent f : intOrPercentFields(objects)) {
            if (f.value().getIntVal() != null) {
                if (f.value().getIntVal() < 0) {
                    violations.add(at(f.owner(), f.path(), "Invalid value: " + f.value().getIntVal() + ": must be greater than or equal to 0"));
                }
            } else {
                invalid(violations, f.owner(), f.path(), f.value().getStrVal(), Apimachinery.IsValidPercent(f.value().getStrVal()));
            }
        }
        return violations;
    }

    static List<String> IsNotMoreThan100Percent(List<HasMetadata> objects) {
        List<String> violations = new ArrayList<>();
        for (IntOrPercent f : intOrPercentFields(objects)) {
            String text = f.value().getStrVal();
            if (text != null && Apimachinery.IsValidPercent(text).isEmpty() && Integer.parseInt(text.substring(0, text.length() - 1)) > 100) {
                violations.add(at(f.owner(), f.path(), "Invalid value \"" + text + "\": must not be greater than 100%"));
            }
        }
        return violations;
    }

    /** getIntOrPercentValue: a percent's number, an integer, or (like intstr.IntValue) a string's leading integer. */
    static int intOrPercentValue(IntOrString value, int unset) {
        if (value == null) {
            return unset;
        }
        if (value.getIntVal() != null) {
            return value.getIntVal();
        }
        String text = value.getStrVal().endsWith("%") ? value.getStrVal().substring(0, value.getStrVal().length() - 1) : value.getStrVal();
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    static List<String> ValidateDeploymentStrategy(List<HasMetadata> objects) {
        List<String> violations = new ArrayList<>();
        for (Deployment d : only(objects, Deployment.class)) {
            DeploymentStrategy strategy = d.getSpec().getStrategy();
            String type = strategy == null || strategy.getType() == null ? "RollingUpdate" : strategy.getType();
            if (type.equals("Recreate")) {
                if (strategy.getRollingUpdate() != null) {
                    violations.add(at(d, "spec.strategy.rollingUpdate", "Forbidden: may not be specified when strategy `type` is 'Recreate'"));
                }
            } else if (!type.equals("RollingUpdate")) {
                violations.add(at(d, "spec.strategy.type", "Unsupported value: \"" + type + "\": supported values: \"Recreate\", \"RollingUpdate\""));
            } else if (strategy != null && strategy.getRollingUpdate() != null
                    && intOrPercentValue(strategy.getRollingUpdate().getMaxUnavailable(), 1) == 0
                    && intOrPercentValue(strategy.getRollingUpdate().getMaxSurge(), 1) == 0) {
                violations.add(at(d, "spec.strategy.rollingUpdate.maxUnavailable", "Invalid value: 0: may not be 0 when `maxSurge` is 0"));
            }
        }
        return violations;
    }

    static List<String> ValidateRollingUpdateDaemonSet(List<HasMetadata> objects) {
        List<String> violations = new ArrayList<>();
        for (DaemonSet d : only(objects, DaemonSet.class)) {
            RollingUpdateDaemonSet rolling = d.getSpec().getUpdateStrategy() == null ? null : d.getSpec().getUpdateStrategy().getRollingUpdate();
            if (rolling == null) {
                continue;
            }
            boolean unavailable = intOrPercentValue(rolling.getMaxUnavailable(), 1) != 0;
            boolean surge = intOrPercentValue(rolling.getMaxSurge(), 0) != 0;
            if (unavailable && surge) {
                violations.add(at(d, "spec.updateStrategy.rollingUpdate.maxSurge", "Invalid value: may not be set when maxUnavailable is non-zero"));
            } else if (!unavailable && !surge) {
                violations.add(at(d, "spec.updateStrategy.rollingUpdate.maxUnavailable", "Required value: cannot be 0 when maxSurge is 0"));
            }
        }
        return violations;
    }

    static List<String> ValidateDeploymentSpec(List<HasMetadata> objects) {
        List<String> violations = new ArrayList<>();
        for (Deployment d : only(objects, Deployment.class)) {
            Integer deadline = d.getSpec().getProgressDeadlineSeconds();
            int minReady = d.getSpec().getMinReadySeconds() == null ? 0 : d.getSpec().getMinReadySeconds();
            if (deadline != null && deadline <= minReady) {
                violations.add(at(d, "spec.progressDeadlineSeconds", "Invalid value: " + deadline + ": must be greater than minReadySeconds"));
            }
            Integer history = d.getSpec().getRevisionHistoryLimit();
            if (history != null && history < 0) {
                violations.add(at(d, "spec.revisionHistoryLimit", "Invalid value: " + history + ": must be greater than or equal to 0"));
            }
        }
        return violations;
    }

    static List<String> ValidatePodTemplateSpecForReplicaSet(List<HasMetadata> objects) {
        List<String> violations = new ArrayList<>();
        for (PodTemplates.PodTemplate t : PodTemplates.of(objects)) {
            if (t.owner() instanceof Job || t.owner() instanceof CronJob) {
                continue; // the API server generates a Job's selector from its uid
            }
            LabelSelector selector = ObjectMetaRules.selector(t.owner());
            if (selector == null || PodTemplates.orEmpty(selector.getMatchExpressions()).isEmpty()
                    && (selector.getMatchLabels() == null || selector.getMatchLabels().isEmpty())) {
                violations.add(at(t.owner(), "spec.selector", "Invalid value: empty selector is invalid for " + t.owner().getKind().toLowerCase()));
            } else if (!matches(selector, t.labels())) {
                violations.add(at(t.owner(), t.path() + ".metadata.labels", "Invalid value: " + t.labels() + ": `selector` does not match template `labels`"));
            }
        }
        return violations;
    }

    /** metav1.LabelSelectorAsSelector(selector).Matches(labels). */
    static boolean matches(LabelSelector selector, Map<String, String> labels) {
        if (selector.getMatchLabels() != null && !labels.entrySet().containsAll(selector.getMatchLabels().entrySet())) {
            return false;
        }
        for (LabelSelectorRequirement r : PodTemplates.orEmpty(selector.getMatchExpressions())) {
            boolean has = labels.containsKey(r.getKey());
            boolean in = has && PodTemplates.orEmpty(r.getValues()).contains(labels.get(r.getKey()));
            boolean ok = switch (r.getOperator()) {
                case "In" -> in;
                case "NotIn" -> !in;
                case "Exists" -> has;
                case "DoesNotExist" -> !has;
                default -> false;
            };
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    static List<String> validateRestartPolicy(List<HasMetadata> objects) {
        List<String> violations = new ArrayList<>();
        for (PodTemplates.PodTemplate t : PodTemplates.of(objects)) {
            String policy = t.spec().getRestartPolicy() == null ? "Always" : t.spec().getRestartPolicy();
            boolean batch = t.owner() instanceof Job || t.owner() instanceof CronJob;
            List<String> allowed = batch ? List.of("OnFailure", "Never") : List.of("Always");
            if (!allowed.contains(policy)) {
                violations.add(at(t.owner(), t.specPath() + ".restartPolicy", "Unsupported value: \"" + policy + "\": supported values: " + allowed));
            }
        }
        return violations;
    }

    static List<String> ValidatePodDisruptionBudgetSpec(List<HasMetadata> objects) {
        List<String> violations = new ArrayList<>();
        for (PodDisruptionBudget p : only(objects, PodDisruptionBudget.class)) {
            if (p.getSpec().getMinAvailable() != null && p.getSpec().getMaxUnavailable() != null) {
                violations.add(at(p, "spec", "Invalid value: minAvailable and maxUnavailable cannot be both set"));
            }
        }
        return violations;
    }

    static List<String> validateScheduleFormat(List<HasMetadata> objects) {
        List<String> violations = new ArrayList<>();
        for (CronJob c : only(objects, CronJob.class)) {
            String schedule = c.getSpec().getSchedule();
            if (schedule.contains("TZ")) {
                violations.add(at(c, "spec.schedule", "Invalid value \"" + schedule + "\": cannot use TZ or CRON_TZ in schedule, use timeZone field instead"));
            }
            String error = parseStandard(schedule.replaceFirst("^(CRON_)?TZ=\\S+\\s+", ""));
            if (error != null) {
                violations.add(at(c, "spec.schedule", "Invalid value \"" + schedule + "\": " + error));
            }
        }
        return violations;
    }

    /** robfig/cron ParseStandard: a descriptor, or minute hour day-of-month month day-of-week. Null when it parses. */
    private static String parseStandard(String schedule) {
        if (schedule.startsWith("@")) {
            return DESCRIPTORS.contains(schedule) || EVERY.matcher(schedule).matches() ? null : "unrecognized descriptor: " + schedule;
        }
        String[] fields = schedule.trim().split("\\s+");
        if (fields.length != CRON_FIELDS.length) {
            return "expected exactly 5 fields, found " + fields.length + ": " + schedule;
        }
        for (int i = 0; i < fields.length; i++) {
            for (String term : fields[i].split(",", -1)) {
                String error = parseTerm(term, i);
                if (error != null) {
                    return CRON_FIELDS[i] + ": " + error;
                }
            }
        }
        return null;
    }

    private static String parseTerm(String term, int field) {
        Matcher m = CRON_TERM.matcher(term);
        if (!m.matches()) {
            return "failed to parse " + term;
        }
        if (m.group(2) == null) {
            return m.group(6) != null && Integer.parseInt(m.group(6)) == 0 ? "step of range should be a positive number: " + term : null;
        }
        Integer start = cronValue(m.group(2), field);
        Integer end = m.group(4) == null ? start : cronValue(m.group(4), field);
        int min = CRON_BOUNDS[field][0];
        int max = CRON_BOUNDS[field][1];
        if (start == null || end == null) {
            return "failed to parse int from " + term;
        }
        if (start < min) {
            return "beginning of range (" + start + ") below minimum (" + min + "): " + term;
        }
        if (end > max) {
            return "end of range (" + end + ") above maximum (" + max + "): " + term;
        }
        if (start > end) {
            return "beginning of range (" + start + ") beyond end of range (" + end + "): " + term;
        }
        if (m.group(6) != null && Integer.parseInt(m.group(6)) == 0) {
            return "step of range should be a positive number: " + term;
        }
        return null;
    }

    private static Integer cronValue(String text, int field) {
        List<String> names = field == 3 ? MONTHS : field == 4 ? DAYS : List.of();
        int named = names.indexOf(text.toLowerCase());
        if (named >= 0) {
            return field == 3 ? named + 1 : named;
        }
        return text.matches("\\d+") ? Integer.valueOf(text) : null;
    }

    static List<String> validateTimeZone(List<HasMetadata> objects) {
        List<String> violations = new ArrayList<>();
        for (CronJob c : only(objects, CronJob.class)) {
            String zone = c.getSpec().getTimeZone();
            if (zone == null) {
                continue;
            }
            if (zone.isEmpty()) {
                violations.add(at(c, "spec.timeZone", "Invalid value \"\": timeZone must be nil or non-empty string"));
            } else if (zone.equalsIgnoreCase("Local")) {
                violations.add(at(c, "spec.timeZone", "Invalid value \"" + zone + "\": timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones"));
            } else if (!List.of(zone.split("/", -1)).stream().allMatch(p -> TIME_ZONE_PART.matcher(p).matches() && !p.equals(".") && !p.equals(".."))
                    || !ZoneId.getAvailableZoneIds().contains(zone)) {
                violations.add(at(c, "spec.timeZone", "Invalid value \"" + zone + "\": unknown time zone " + zone));
            }
        }
        return violations;
    }

    static List<String> validateConcurrencyPolicy(List<HasMetadata> objects) {
        List<String> violations = new ArrayList<>();
        for (CronJob c : only(objects, CronJob.class)) {
            String policy = c.getSpec().getConcurrencyPolicy();
            if (policy != null && !List.of("Allow", "Forbid", "Replace").contains(policy)) {
                violations.add(at(c, "spec.concurrencyPolicy", "Unsupported value: \"" + policy + "\": supported values: \"Allow\", \"Forbid\", \"Replace\""));
            }
        }
        return violations;
    }

    static <T> List<T> only(List<HasMetadata> objects, Class<T> type) {
        return objects.stream().filter(type::isInstance).map(type::cast).toList();
    }
}
