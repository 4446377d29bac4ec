"""Afwegen in de Wijk: the appraisal case and the outputs of its eight steps (docs/methods.md §3).

An appraisal belongs to an organisation and is linked to work session I and II (workshops).
Step 1 is the post-it wall of session I (``activities``): its columns are the problem owners.
Everything else lives here. Field names follow docs/methods.md §3.4; docs/glossary.md gives the
Dutch terms.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

MAX_STEP = 8


#: The key of the method in the session engine (``plugin.py``; ``Workshop.method`` of its sessions).
METHOD_KEY = "afwegen"

#: A participant's "probleem 1" (step 1, rule A3: one each, on one of their own post-its) is a
#: sticker in the session's sticker ballot with this purpose: budget 1, cap 1, its choices the
#: wall's post-its (``Target.ref_id``). Only the appraisal's ops write it (decision 0013).
PROBLEM_1_PURPOSE = "afwegen.probleem_1"


class Appraisal(models.Model):
    """An afweging: from a felt problem to a reasoned choice, in eight steps."""

    class StartingPoint(models.TextChoices):
        PROBLEM = "problem", _("a problem")
        OPPORTUNITY = "opportunity", _("an opportunity")
        INTERVENTION = "intervention", _("a proposed intervention")

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        DECIDED = "decided", _("decided")
        CLOSED = "closed", _("closed")

    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="appraisals"
    )
    area = models.ForeignKey(
        "neighbourhoods.Area",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="appraisals",
    )
    title = models.CharField(_("title"), max_length=200)
    trigger = models.TextField(_("trigger"), blank=True)  # aanleiding
    starting_point = models.CharField(
        _("starting point"),
        max_length=20,
        choices=StartingPoint.choices,
        default=StartingPoint.PROBLEM,
    )
    horizon_years = models.PositiveSmallIntegerField(_("horizon (years)"), null=True, blank=True)
    top_n = models.PositiveSmallIntegerField(_("size of the pre-selection"), default=3)
    session_one = models.ForeignKey(
        "workshops.Workshop", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    session_two = models.ForeignKey(
        "workshops.Workshop", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    # Its two work sessions as a series (wijktafel.series): people of session I are recognised
    # in session II, and session I's groups are offered there.
    series = models.OneToOneField(
        "series.Series", on_delete=models.SET_NULL, null=True, blank=True, related_name="appraisal"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def workshop_ids(self) -> list[int]:
        return [pk for pk in (self.session_one_id, self.session_two_id) if pk is not None]


class Group(models.Model):
    """A small group (3–4 people) within one work session; the same groups do steps 2, 4 and 5."""

    appraisal = models.ForeignKey(Appraisal, on_delete=models.CASCADE, related_name="groups")
    workshop = models.ForeignKey(
        "workshops.Workshop", on_delete=models.CASCADE, related_name="appraisal_groups"
    )
    name = models.CharField(_("name"), max_length=60)
    members = models.ManyToManyField(
        "workshops.Participant", related_name="appraisal_groups", blank=True
    )
    closed_steps = models.JSONField(default=list)  # steps this group declared done
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["workshop", "position", "pk"]

    def __str__(self) -> str:
        return self.name


class Pitch(models.Model):
    """One pitch of step 1 (two minutes): a participant, or a pair or trio when more than ten
    take part, so there are never more than ten pitches (A4). At most two clarifying questions."""

    appraisal = models.ForeignKey(Appraisal, on_delete=models.CASCADE, related_name="pitches")
    workshop = models.ForeignKey("workshops.Workshop", on_delete=models.CASCADE, related_name="+")
    members = models.ManyToManyField("workshops.Participant", related_name="appraisal_pitches")
    position = models.PositiveIntegerField(default=0)
    done = models.BooleanField(default=False)
    clarifying_questions = models.JSONField(default=list)

    class Meta:
        ordering = ["workshop", "position", "pk"]


class CoreProblem(models.Model):
    """A sharp core problem (kernprobleem) of one problem owner (a column of the step-1 wall)."""

    class SolvesItself(models.TextChoices):
        YES = "yes", _("yes")
        NO = "no", _("no")
        PARTLY = "partly", _("partly")
        UNKNOWN = "unknown", _("unknown")

    appraisal = models.ForeignKey(Appraisal, on_delete=models.CASCADE, related_name="core_problems")
    owner = models.ForeignKey(
        "activities.Column",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="core_problems",
    )
    owner_name = models.CharField(_("problem owner"), max_length=80)
    group = models.ForeignKey(
        Group, on_delete=models.SET_NULL, null=True, blank=True, related_name="core_problems"
    )
    formulation = models.TextField(_("core problem"))
    original_wording = models.TextField(_("original wording"), blank=True)
    source_postits = models.ManyToManyField(
        "activities.Postit", related_name="core_problems", blank=True
    )
    underlying_problems = models.JSONField(default=list)  # list of short texts
    nature = models.TextField(_("nature"), blank=True)  # aard
    affected_count = models.PositiveIntegerField(_("how many"), null=True, blank=True)  # omvang
    affected_unit = models.CharField(_("of whom"), max_length=80, blank=True)
    what_if_unsolved = models.TextField(_("what happens if it is not solved"), blank=True)
    could_solve_itself = models.CharField(
        max_length=10, choices=SolvesItself.choices, default=SolvesItself.UNKNOWN
    )
    solves_itself_explanation = models.TextField(blank=True)
    confirmed_sharp = models.BooleanField(_("sharp enough"), default=False)
    version = models.PositiveIntegerField(default=1)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["appraisal", "position", "pk"]

    def __str__(self) -> str:
        return self.formulation[:40]


class Baseline(models.Model):
    """The baseline alternative (basisalternatief) with its checklist and four cost elements."""

    appraisal = models.OneToOneField(Appraisal, on_delete=models.CASCADE, related_name="baseline")
    description = models.TextField(_("description"), blank=True)
    # Guideline checklist (W8): each item visited, with a note where the method asks for one.
    check_not_a_solution = models.BooleanField(default=False)
    check_decisions_taken = models.BooleanField(default=False)
    check_sober = models.BooleanField(default=False)
    check_legal_norms = models.BooleanField(default=False)
    check_behaviour_change = models.BooleanField(default=False)
    check_autonomous_change = models.BooleanField(default=False)
    decisions_taken = models.TextField(blank=True)
    legal_norms = models.TextField(blank=True)
    behaviour_change = models.TextField(blank=True)
    autonomous_change = models.TextField(blank=True)
    horizon_years = models.PositiveSmallIntegerField(_("horizon (years)"))
    # Whole euros, "back of the cigar box" (W7).
    one_off_cost = models.BigIntegerField(default=0)
    periodic_cost_per_year = models.BigIntegerField(default=0)
    one_off_income = models.BigIntegerField(default=0)
    periodic_income_per_year = models.BigIntegerField(default=0)
    confirmed_in_session_two = models.BooleanField(default=False)
    version = models.PositiveIntegerField(default=1)

    @property
    def total_cost(self) -> int:
        return self.one_off_cost + self.periodic_cost_per_year * self.horizon_years

    @property
    def total_income(self) -> int:
        return self.one_off_income + self.periodic_income_per_year * self.horizon_years


class Solution(models.Model):
    """A solution from step 4's three columns: solution | effects | who experiences them."""

    appraisal = models.ForeignKey(Appraisal, on_delete=models.CASCADE, related_name="solutions")
    group = models.ForeignKey(
        Group, on_delete=models.SET_NULL, null=True, blank=True, related_name="solutions"
    )
    title = models.CharField(_("solution"), max_length=200)
    effects_text = models.TextField(_("effects"), blank=True)
    who_experiences = models.TextField(_("who experiences them"), blank=True)
    out_of_the_box = models.BooleanField(_("out of the box"), default=False)
    merged_into = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="merged"
    )
    from_postit = models.ForeignKey(
        "activities.Postit",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="solutions",
    )
    version = models.PositiveIntegerField(default=1)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["appraisal", "position", "pk"]

    def __str__(self) -> str:
        return self.title


class CoreEffect(models.Model):
    """A core effect (kerneffect), the mirror of a core problem; one or two per appraisal (A12)."""

    appraisal = models.ForeignKey(Appraisal, on_delete=models.CASCADE, related_name="core_effects")
    text = models.CharField(_("core effect"), max_length=300)
    mirrors = models.ForeignKey(
        CoreProblem, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["appraisal", "pk"]


class SolutionCard(models.Model):
    """The worked-out solution card (oplossingskaart): effects, extra costs against the baseline."""

    solution = models.OneToOneField(Solution, on_delete=models.CASCADE, related_name="card")
    description = models.TextField(blank=True)
    horizon_years = models.PositiveSmallIntegerField(null=True, blank=True)
    # Extra costs and income against the baseline, whole euros; negative = less than the baseline.
    extra_one_off_cost = models.BigIntegerField(default=0)
    extra_periodic_cost_per_year = models.BigIntegerField(default=0)
    extra_one_off_income = models.BigIntegerField(default=0)
    extra_periodic_income_per_year = models.BigIntegerField(default=0)
    uncertainties = models.JSONField(default=list)
    variants = models.JSONField(default=list)
    version = models.PositiveIntegerField(default=1)

    @property
    def extra_total_cost(self) -> int:
        years = self.horizon_years or 0
        return self.extra_one_off_cost + self.extra_periodic_cost_per_year * years

    @property
    def extra_total_income(self) -> int:
        years = self.horizon_years or 0
        return self.extra_one_off_income + self.extra_periodic_income_per_year * years


class Effect(models.Model):
    """An effect on a solution card: an "-er" phrase, its sign, who feels it and its reach."""

    class Sign(models.TextChoices):
        POSITIVE = "+", _("positive")
        NEGATIVE = "-", _("negative")

    class Reach(models.TextChoices):
        COMPLEX = "complex", _("complex")
        BUURT = "buurt", _("neighbourhood")
        WIJK = "wijk", _("district")
        STAD = "stad", _("city")

    card = models.ForeignKey(SolutionCard, on_delete=models.CASCADE, related_name="effects")
    text = models.CharField(_("effect"), max_length=300)
    sign = models.CharField(max_length=1, choices=Sign.choices)
    who = models.CharField(_("who experiences it"), max_length=200, blank=True)
    reach = models.CharField(max_length=10, choices=Reach.choices, blank=True)
    core_effect = models.ForeignKey(
        CoreEffect, on_delete=models.SET_NULL, null=True, blank=True, related_name="effects"
    )
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["card", "position", "pk"]


class Criterion(models.Model):
    """An extra ranking criterion the organiser adds (policy goal, feasibility, ...).

    The default criteria (solving power per problem owner, extra costs, other effects; A13)
    are derived from the core problems and not stored (``selectors.criteria_payload``)."""

    appraisal = models.ForeignKey(Appraisal, on_delete=models.CASCADE, related_name="criteria")
    title = models.CharField(_("criterion"), max_length=120)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["appraisal", "position", "pk"]


class GroupRanking(models.Model):
    """A group's order of the solution cards (best first), with optional solving power in %."""

    group = models.OneToOneField(Group, on_delete=models.CASCADE, related_name="ranking")
    ordered_solution_ids = models.JSONField(default=list)
    # {"<core problem id>": {"<solution id>": 0..100}}
    solving_power = models.JSONField(default=dict)
    notes = models.TextField(blank=True)
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)


class Selection(models.Model):
    """The joint pre-selection (top 3–5) with a reason where it departs from the aggregate."""

    appraisal = models.OneToOneField(Appraisal, on_delete=models.CASCADE, related_name="selection")
    solution_ids = models.JSONField(default=list)
    reason = models.TextField(blank=True)
    departs_from_aggregate = models.BooleanField(default=False)
    outlier_notes = models.TextField(blank=True)
    dropout_notes = models.TextField(blank=True)
    version = models.PositiveIntegerField(default=1)


class EffectCard(models.Model):
    """Step 7: per selected solution and problem owner, the main effects and their size."""

    class Size(models.TextChoices):
        SMALL = "small", _("small")
        MEDIUM = "medium", _("medium")
        LARGE = "large", _("large")

    solution = models.ForeignKey(Solution, on_delete=models.CASCADE, related_name="effect_cards")
    core_problem = models.ForeignKey(
        CoreProblem, on_delete=models.CASCADE, related_name="effect_cards"
    )
    group = models.ForeignKey(
        Group, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    main_effects = models.JSONField(default=list)
    size = models.CharField(max_length=10, choices=Size.choices)
    notes = models.TextField(blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["solution", "core_problem"]
        constraints = [
            models.UniqueConstraint(
                fields=["solution", "core_problem"], name="uniq_effect_card_owner"
            ),
        ]


class Choice(models.Model):
    """Step 8: what was chosen, with the baseline considered (A16) and how it will be decided."""

    class Kind(models.TextChoices):
        SOLUTION = "solution", _("a solution")
        COMBINATION = "combination", _("a combination")
        BASELINE = "baseline", _("the baseline")
        INVESTIGATE_MORE = "investigate_more", _("find out more first")

    appraisal = models.OneToOneField(Appraisal, on_delete=models.CASCADE, related_name="choice")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    solution_ids = models.JSONField(default=list)
    baseline_considered = models.BooleanField(default=False)
    baseline_reason = models.TextField(blank=True)
    combinations_considered = models.TextField(blank=True)
    other_aspects = models.TextField(blank=True)  # e.g. support among residents
    decision_procedure = models.TextField(blank=True)
    decided_by = models.CharField(max_length=200, blank=True)
    decision_date = models.DateField(null=True, blank=True)
    is_final = models.BooleanField(default=False)
    version = models.PositiveIntegerField(default=1)


class Insight(models.Model):
    """What the group learnt about the real problem (§3.6)."""

    appraisal = models.ForeignKey(Appraisal, on_delete=models.CASCADE, related_name="insights")
    text = models.TextField(_("insight"))
    shared_with_residents_present = models.BooleanField(default=False)
    core_problems = models.ManyToManyField(CoreProblem, related_name="insights", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["appraisal", "pk"]


class ActionKind(models.TextChoices):
    """The kinds of an action of the appraisal (§2.8); the action itself is an agreement of the
    register (``wijktafel.agreements``), see ``actions.py``."""

    WORK_AGREEMENT = "work_agreement", _("work agreement")
    RESEARCH_TASK = "research_task", _("to investigate")
    FOLLOW_UP = "follow_up", _("follow-up")


class AppraisalDocument(models.Model):
    """A document the task worker made (``document_jobs``): kept until the appraisal changes,
    so asking again serves it at once. One per appraisal, kind and language: the newest."""

    appraisal = models.ForeignKey(Appraisal, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(max_length=20)  # report_pdf, report_docx, cards_pdf
    language = models.CharField(max_length=8)
    # What the appraisal was when it was made (``document_jobs.fingerprint``).
    fingerprint = models.CharField(max_length=64)
    filename = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    content = models.BinaryField()
    size = models.PositiveIntegerField()
    job = models.ForeignKey("jobs.Job", on_delete=models.SET_NULL, null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["appraisal", "kind", "language"], name="uniq_appraisal_document"
            )
        ]

    def __str__(self) -> str:
        return self.filename
