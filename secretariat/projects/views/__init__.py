from .projects import (  # noqa: F401
    add_milestone,
    cosponsor,
    create,
    detail,
    export_csv,
    milestone_state,
    project_list,
    transition,
    withdraw_cosponsorship,
)
from .rounds import close_round, open_round, round_detail, rounds, score  # noqa: F401
