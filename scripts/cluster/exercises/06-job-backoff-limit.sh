# shellcheck shell=bash disable=SC2034 # sourced by scripts/cluster/exercise.sh, which reads these
# A Job whose pod can never succeed: with restartPolicy OnFailure each container restart counts
# toward backoffLimit, and at the limit the Job fails (BackoffLimitExceeded) and its pod goes. A
# Job's template cannot change, so the fix is the CronJob's, then a new Job made from it.
PAGE=10-job
TITLE_en="A Job that exhausts its backoffLimit"
TITLE_ko="backoffLimit을 다 써 버리는 잡"
JOB=report-exercise
SEES_en="cronjob/report now runs batch report with a period batch does not know, and job/$JOB was made from it. Watch kubectl -n platform get job $JOB -w and kubectl -n platform get pods -l job-name=$JOB -w: the container restarts until backoffLimit is spent, then the Job fails and its pod is gone (read the logs while it restarts). Fix the CronJob, then make the Job again from it, with the same name."
SEES_ko="cronjob/report가 이제 batch가 모르는 기간으로 batch report를 실행하고, job/$JOB 이 그것으로 만들어졌습니다. kubectl -n platform get job $JOB -w 와 kubectl -n platform get pods -l job-name=$JOB -w 로 지켜보세요: 컨테이너는 backoffLimit을 다 쓸 때까지 재시작하고, 그러면 잡은 실패하고 파드는 사라집니다 (재시작하는 동안 로그를 읽어 두세요). CronJob을 고친 다음, 같은 이름으로 그것에서 잡을 다시 만드세요."
# The report container's arguments in a Job; in the CronJob, the same under its jobTemplate.
JOB_ARGS='.spec.template.spec.initContainers[?(@.name=="report")].args'
CRON_ARGS="{.spec.jobTemplate$JOB_ARGS}"

make_job() {
  kube -n "$NAMESPACE" delete job "$JOB" --ignore-not-found < /dev/null > /dev/null
  kube -n "$NAMESPACE" create job "$JOB" --from=cronjob/report < /dev/null > /dev/null
}

break_it() {
  save cronjob/report
  patch_json cronjob/report '[{"op": "test", "path": "/spec/jobTemplate/spec/template/spec/initContainers/0/name", "value": "report"},
    {"op": "replace", "path": "/spec/jobTemplate/spec/template/spec/initContainers/0/args", "value": ["report", "--period", "fortnight"]}]'
  make_job
  made "job/$JOB"
}

# Graded once the failure is there to see, as the learner sees it.
settle_broken() {
  kube -n "$NAMESPACE" wait --for=condition=failed "job/$JOB" --timeout=300s < /dev/null > /dev/null
}

job_finished() {
  [ -n "$(kube -n "$NAMESPACE" get job "$JOB" -o jsonpath='{.status.conditions[?(@.type=="Complete")].status}{.status.conditions[?(@.type=="Failed")].status}' < /dev/null)" ]
}

check_it() {
  local job_args cron_args failure
  job_args=$(kube -n "$NAMESPACE" get job "$JOB" -o "jsonpath={$JOB_ARGS}" < /dev/null 2>/dev/null) \
    || { why "there is no job/$JOB: make it from the fixed CronJob: kubectl -n $NAMESPACE create job $JOB --from=cronjob/report" \
      "job/$JOB 이 없습니다: 고친 CronJob에서 만드세요: kubectl -n $NAMESPACE create job $JOB --from=cronjob/report"; return; }
  cron_args=$(kube -n "$NAMESPACE" get cronjob report -o "jsonpath=$CRON_ARGS" < /dev/null)
  [ "$job_args" = "$cron_args" ] \
    || { why "job/$JOB runs batch $job_args, the CronJob batch $cron_args: delete the Job and make it again from the CronJob" \
      "job/$JOB 은 batch $job_args 를, CronJob은 batch $cron_args 를 실행합니다: 잡을 지우고 CronJob에서 다시 만드세요"; return; }
  within_seconds "$CHECK_SECONDS" job_finished || true
  [ "$(kube -n "$NAMESPACE" get job "$JOB" -o jsonpath='{.status.conditions[?(@.type=="Complete")].status}' < /dev/null)" = True ] && return
  failure=$(kube -n "$NAMESPACE" get job "$JOB" -o jsonpath='{.status.conditions[?(@.type=="Failed")].reason} {.status.conditions[?(@.type=="Failed")].message}' < /dev/null)
  why "job/$JOB has not completed: ${failure:-still running after $CHECK_SECONDS s}" "job/$JOB 이 완료되지 않았습니다: ${failure:-${CHECK_SECONDS}초 뒤에도 실행 중}"
}

fix_it() {
  patch_json cronjob/report "[{\"op\": \"replace\", \"path\": \"/spec/jobTemplate/spec/template/spec/initContainers/0/args\",
    \"value\": $(saved_field cronjob/report "$CRON_ARGS")}]"
  make_job
}
