"""What runs on a clock. ``secretariat scheduled frequent`` (every five minutes) and
``secretariat scheduled daily`` (once a night) enqueue these tasks; cron or a systemd timer
calls the command, the task workers do the work. Every task is idempotent, so a run repeated
or overlapping changes nothing twice."""

SCHEDULE: dict[str, list[str]] = {
    "frequent": [
        "secretariat.negotiation.tasks.conclude_silence_procedures",
        "secretariat.notifications.tasks.deliver_pending_notifications",
    ],
    "daily": [
        "secretariat.meetings.tasks.derestrict_due_documents",
        "secretariat.meetings.tasks.purge_expired_materials",
        "secretariat.notifications.tasks.send_deadline_reminders",
        "secretariat.negotiation.tasks.send_adref_reminders",
        "secretariat.projects.tasks.remind_overdue_milestones",
        "secretariat.core.tasks.verify_audit_chain",
        "secretariat.commitments.tasks.propose_overdue_commitments",
        "secretariat.commitments.tasks.remind_reports_due",
    ],
}
