"""The rules: one party's summary, an instant and a policy in, a judgement out."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta
from decimal import Decimal
from typing import final

import attrs

from ._errors import CurrencyMismatchError, InvalidValueError
from ._facts import FactId
from ._judgement import (
    AccountView,
    Environment,
    Judgement,
    Reason,
    Role,
    Rule,
    Stage,
    Standing,
    Tenure,
    ValueTier,
)
from ._money import Money
from ._parties import Party, PartyId, Person
from ._periods import CalendarPeriod, local_date
from ._policy import ClientRule, Policy, RepeatCounting, RevenueShare, ValueThreshold, VisitRule
from ._summary import PartySummary, Span, Witness

__all__ = ["TierCutoff", "check_as_of", "judge_summary", "tier_cutoff"]


def check_as_of(as_of: object, name: str = "as_of") -> datetime:
    """Return *as_of* if it is a timezone-aware datetime, else raise naming *name*."""
    if not isinstance(as_of, datetime) or as_of.utcoffset() is None:
        raise InvalidValueError(
            name,
            "a timezone-aware datetime",
            as_of,
            "judgements are made as of an instant, e.g. datetime(2024, 6, 30, tzinfo=UTC)",
        )
    return as_of


@final
@attrs.frozen
class TierCutoff:
    """The population-wide facts a value tier needs: the lowest high net revenue."""

    #: Parties whose net revenue is at least this are high value (``None``:
    #: nobody is).
    lowest_high: Decimal | None
    #: The seller's total net revenue, for the explanation.
    total: Decimal
    currency: str | None


def tier_cutoff(summaries: Mapping[PartyId, PartySummary], policy: Policy) -> TierCutoff:
    """Return where the high-value tier starts among *summaries* (one seller's)."""
    nets = sorted((s.net for s in summaries.values() if s.net > 0), reverse=True)
    currencies = {s.currency for s in summaries.values() if s.currency is not None}
    if len(currencies) > 1:
        first, second = sorted(currencies)[:2]
        raise CurrencyMismatchError("add", first, second)
    currency = next(iter(currencies), None)
    total = sum(nets, Decimal(0))
    rule = policy.value_rule
    if isinstance(rule, ValueThreshold):
        return TierCutoff(rule.minimum.amount, total, rule.minimum.currency)
    target = total * rule.share
    running = Decimal(0)
    for net in nets:
        running += net
        if running >= target:
            return TierCutoff(net, total, currency)
    return TierCutoff(None, total, currency)


def _ids(*witnesses: Witness | None) -> tuple[FactId, ...]:
    return tuple(sorted({w.fact for w in witnesses if w is not None}))


def _span_ids(spans: tuple[Span, ...]) -> tuple[FactId, ...]:
    return tuple(span.fact for span in spans)


def _within(window: timedelta | CalendarPeriod, start: datetime, as_of: datetime) -> bool:
    if isinstance(window, CalendarPeriod):
        return window.index(local_date(as_of)) == window.index(local_date(start))
    return as_of - start < window


def _count(summary: PartySummary, policy: Policy) -> int:
    if policy.repeat_counting is RepeatCounting.PURCHASES:
        return summary.paid
    period = policy.repeat_period
    return len({period.index_of_ordinal(day) for day in summary.days()})


def _tenure(summary: PartySummary, policy: Policy) -> tuple[Tenure, Reason]:
    count = _count(summary, policy)
    if policy.repeat_counting is RepeatCounting.PURCHASES:
        counted = f"{count} paid purchase{'s' if count != 1 else ''}"
    else:
        counted = f"paid in {count} {policy.repeat_period.value}{'s' if count != 1 else ''}"
    facts = _ids(summary.first_paid, summary.last_paid)
    first, last = summary.first_paid, summary.last_paid
    if first is None or last is None:
        return Tenure.NONE, Reason(
            field="tenure", rule=Rule.NEVER_PAID, detail="never paid the seller"
        )
    if count == 1:
        return Tenure.ONE_TIME, Reason(
            field="tenure", rule=Rule.PAID_ONCE, detail=f"{counted}, no more", facts=facts
        )
    span = last.at - first.at
    if count >= policy.long_term_count and span >= policy.long_term_span:
        return Tenure.LONG_TERM, Reason(
            field="tenure",
            rule=Rule.PAID_LONG,
            facts=facts,
            detail=f"{counted} over {span.days} days (long-term from "
            f"{policy.long_term_count} over {policy.long_term_span.days} days)",
        )
    return Tenure.REPEAT, Reason(field="tenure", rule=Rule.PAID_AGAIN, facts=facts, detail=counted)


def _environment(
    summary: PartySummary, as_of: datetime
) -> tuple[Environment, Reason, tuple[Span, ...]]:
    active = tuple(span for span in summary.contracts if span.active_at(as_of))
    if active:
        return (
            Environment.CONTRACT,
            Reason(
                field="environment",
                rule=Rule.CONTRACT_ACTIVE,
                facts=_span_ids(active),
                detail=f"contract {', '.join(_span_ids(active))} active",
            ),
            active,
        )
    return (
        Environment.NON_CONTRACT,
        Reason(
            field="environment",
            rule=Rule.NO_CONTRACT,
            facts=_span_ids(summary.contracts),
            detail="no contract active"
            + (f" ({len(summary.contracts)} not in force)" if summary.contracts else ""),
        ),
        active,
    )


def _stage(
    summary: PartySummary, as_of: datetime, policy: Policy, active_contracts: tuple[Span, ...]
) -> tuple[Stage, Reason]:
    started = [s for s in summary.contracts if s.start <= as_of]
    engagement: list[Witness] = [Witness(s.start, s.fact) for s in started]
    if summary.first_paid is not None:
        engagement.append(summary.first_paid)
    if not engagement:
        return Stage.PROSPECT, Reason(
            field="stage", rule=Rule.NOT_ENGAGED, detail="no paid purchase and no contract started"
        )
    first = min(engagement)
    if _within(policy.new_window, first.at, as_of):
        return Stage.NEW, Reason(
            field="stage",
            rule=Rule.FIRST_ENGAGED,
            facts=(first.fact,),
            detail=f"first engaged {first.at.date()}, within the new window",
        )
    if active_contracts:
        return Stage.ACTIVE, Reason(
            field="stage",
            rule=Rule.RECENT_ACTIVITY,
            facts=_span_ids(active_contracts),
            detail="a contract is in force",
        )
    activity: list[Witness] = [
        Witness(s.end, s.fact) for s in started if s.end is not None and s.end <= as_of
    ]
    if summary.last_paid is not None:
        activity.append(summary.last_paid)
    last = max(activity)
    quiet = as_of - last.at
    facts = (last.fact,)
    if quiet < policy.activity_window:
        return Stage.ACTIVE, Reason(
            field="stage",
            rule=Rule.RECENT_ACTIVITY,
            facts=facts,
            detail=f"last active {quiet.days} days before",
        )
    if quiet < policy.churn_window:
        return Stage.INACTIVE, Reason(
            field="stage",
            rule=Rule.QUIET,
            facts=facts,
            detail=f"quiet for {quiet.days} days (active within {policy.activity_window.days})",
        )
    return Stage.CHURNED, Reason(
        field="stage",
        rule=Rule.LAPSED,
        facts=facts,
        detail=f"quiet for {quiet.days} days (lost after {policy.churn_window.days})",
    )


def _standing(
    summary: PartySummary,
    *,
    as_of: datetime,
    policy: Policy,
    tenure: Tenure,
    stage: Stage,
    active_contracts: tuple[Span, ...],
) -> tuple[Standing, Reason]:
    def reason(rule: Rule, detail: str, *facts: FactId) -> Reason:
        return Reason(field="standing", rule=rule, detail=detail, facts=tuple(sorted(set(facts))))

    paid = _ids(summary.first_paid, summary.last_paid)
    if active_contracts:
        return Standing.CLIENT, reason(
            Rule.CONTRACT_CLIENT, "under an active contract", *_span_ids(active_contracts)
        )
    represented = tuple(s for s in summary.assignments if s.active_at(as_of))
    if represented:
        return Standing.CLIENT, reason(
            Rule.REPRESENTED_CLIENT, "has a dedicated representative", *_span_ids(represented)
        )
    if policy.client_rule is ClientRule.ENGAGEMENT and summary.paid and stage is not Stage.CHURNED:
        return Standing.CLIENT, reason(
            Rule.ENGAGED_CLIENT,
            f"paid and not lost; policy {policy.name!r} makes every engaged party a client",
            *paid,
        )
    if tenure is Tenure.LONG_TERM and stage is not Stage.CHURNED:
        return Standing.CLIENT, reason(
            Rule.LONG_TERM_CLIENT, "long-term repeat business, not lapsed", *paid
        )
    if summary.paid:
        detail = "paid, with no ongoing relationship"
        if summary.assumed_payment is not None:
            detail += " (a payer was assumed to be the buyer; see role.payer)"
        return Standing.CUSTOMER, reason(Rule.PAID, detail, *paid)
    if summary.visit is not None and policy.visit_rule is VisitRule.CUSTOMER:
        return Standing.CUSTOMER, reason(
            Rule.VISIT_CUSTOMER,
            f"visited; policy {policy.name!r} counts visitors as customers",
            summary.visit.fact,
        )
    if summary.interaction is not None:
        return Standing.VISITOR, reason(
            Rule.INTERACTED, "dealt with the seller but never paid", summary.interaction.fact
        )
    if summary.mention is not None:
        return Standing.NONE, reason(
            Rule.THROUGH_OTHERS, "known only through other parties' facts", summary.mention.fact
        )
    return Standing.NONE, reason(Rule.UNKNOWN, "no fact of this seller names the party")


def _tier(summary: PartySummary, policy: Policy, cutoff: TierCutoff) -> tuple[ValueTier, Reason]:
    facts = _ids(summary.first_paid, summary.last_paid)
    net = summary.net
    shown = f"net revenue {net} {summary.currency}" if summary.currency else "no revenue"
    if isinstance(policy.value_rule, ValueThreshold):
        minimum = policy.value_rule.minimum
        if summary.currency is not None and summary.currency != minimum.currency:
            raise CurrencyMismatchError("compare", summary.currency, minimum.currency)
        if summary.paid and net >= minimum.amount:
            return ValueTier.HIGH, Reason(
                field="tier",
                rule=Rule.ABOVE_THRESHOLD,
                facts=facts,
                detail=f"{shown} reaches {minimum}",
            )
        return ValueTier.LOW, Reason(
            field="tier",
            rule=Rule.BELOW_THRESHOLD,
            facts=facts,
            detail=f"{shown}: below {minimum}",
        )
    share = _percent(policy.value_rule)
    if cutoff.lowest_high is not None and net > 0 and net >= cutoff.lowest_high:
        return ValueTier.HIGH, Reason(
            field="tier",
            rule=Rule.TOP_SHARE,
            facts=facts,
            detail=f"{shown} is among the parties making {share} of the seller's "
            f"{cutoff.total} {cutoff.currency}",
        )
    return ValueTier.LOW, Reason(
        field="tier",
        rule=Rule.BELOW_SHARE,
        facts=facts,
        detail=f"{shown}: outside the parties making {share} of revenue",
    )


def _percent(rule: RevenueShare) -> str:
    return f"{(rule.share * 100).normalize():f}%"


def _account(summary: PartySummary, policy: Policy) -> tuple[AccountView, Reason]:
    first, last = summary.first_paid, summary.last_paid
    if first is None or last is None:
        return AccountView.NONE, Reason(
            field="account", rule=Rule.NO_ACCOUNT, detail="never paid: nobody's account"
        )
    period = policy.account_period
    if period.index(local_date(last.at)) > period.index(local_date(first.at)):
        return AccountView.ACCOUNT, Reason(
            field="account",
            rule=Rule.LATER_PERIOD,
            facts=_ids(first, last),
            detail=f"paid again in a later {period.value} than its first: an account "
            "for an account manager",
        )
    return AccountView.NEW_BUSINESS, Reason(
        field="account",
        rule=Rule.FIRST_PERIOD,
        facts=_ids(first, last),
        detail=f"paid only in its first {period.value}: business development's",
    )


_ROLE_WORDS = {
    Role.BUYER: "performed a purchase",
    Role.PAYER: "paid for a purchase",
    Role.USER: "used what was bought, or an offering",
    Role.CONSUMER: "a person who used it for personal use",
    Role.DECISION_MAKER: "decided a purchase",
    Role.INFLUENCER: "influenced a purchase",
    Role.PROMOTER: "recommended the seller",
    Role.INTERMEDIARY: "bought to resell",
    Role.END_CUSTOMER: "paid for a purchase not for resale",
}


def _roles(summary: PartySummary, kind: Party | None) -> tuple[frozenset[Role], list[Reason]]:
    played: dict[Role, Witness] = {seen.role: seen.first for seen in summary.roles}
    if summary.personal_use is not None and isinstance(kind, Person):
        played[Role.CONSUMER] = summary.personal_use
    reasons = [
        Reason(
            field=f"role.{role.value}",
            rule=Rule.PLAYED,
            detail=_ROLE_WORDS[role],
            facts=(played[role].fact,),
        )
        for role in Role
        if role in played
    ]
    assumed = summary.assumed_payment
    if assumed is not None:
        reasons = [
            attrs.evolve(
                r,
                detail=f"{r.detail} ({assumed.fact} records no payer: "
                "the policy assumes the buyer paid)",
                facts=tuple(sorted({*r.facts, assumed.fact})),
            )
            if r.field == "role.payer"
            else r
            for r in reasons
        ]
    return frozenset(played), reasons


def judge_summary(
    seller: PartyId,
    party: PartyId,
    summary: PartySummary,
    *,
    as_of: datetime,
    policy: Policy,
    kind: Party | None,
    cutoff: TierCutoff,
) -> Judgement:
    """Return the judgement of *party* by *seller* from its summary."""
    tenure, tenure_reason = _tenure(summary, policy)
    environment, environment_reason, active = _environment(summary, as_of)
    stage, stage_reason = _stage(summary, as_of, policy, active)
    standing, standing_reason = _standing(
        summary, as_of=as_of, policy=policy, tenure=tenure, stage=stage, active_contracts=active
    )
    tier, tier_reason = _tier(summary, policy, cutoff)
    account, account_reason = _account(summary, policy)
    roles, role_reasons = _roles(summary, kind)
    return Judgement(
        seller=seller,
        party=party,
        as_of=as_of,
        policy=policy.name,
        standing=standing,
        tenure=tenure,
        environment=environment,
        stage=stage,
        tier=tier,
        account=account,
        roles=roles,
        revenue=None if summary.currency is None else Money(summary.net, summary.currency),
        reasons=(
            standing_reason,
            tenure_reason,
            environment_reason,
            stage_reason,
            tier_reason,
            account_reason,
            *role_reasons,
        ),
    )
