from django_tasks import task


# The default queue: a queue name the TASKS setting does not list is refused at import
# time ("Queue 'imports' is not valid for backend"), and `keyplan worker` runs every queue.
@task()
def run_import_job(job_id: int) -> dict:
    from ..models import ImportJob
    from .services import import_job_run  # services enqueue this task

    job = ImportJob.objects.get(pk=job_id)
    summary = import_job_run(job)
    return summary.as_dict() if summary else {"failed": job.message}
