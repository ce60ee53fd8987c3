using AcquirerEngine.Domain.Calendars;
using AcquirerEngine.Domain.Channels;
using AcquirerEngine.Domain.Explanations;
using AcquirerEngine.Domain.Ledger;
using AcquirerEngine.Domain.Risk;
using AcquirerEngine.Domain.Settlement;

namespace AcquirerEngine.Domain.Tests.Explanations;

public sealed class MoneyExplainerTests
{
    private static ExplanationContext At(DateTime now, bool frozen = false) => new()
    {
        NowLocal = now,
        Calendar = BuiltInCalendars.ChinaMainland,
        Frozen = frozen,
        FrozenReason = frozen ? "court order" : null,
    };

    private static LedgerTransactionView Transaction(
        LedgerTransactionStatus status,
        DateOnly clearing,
        DateOnly value,
        long pending = 0,
        long held = 0,
        string? payoutId = null,
        PayoutStatus? payoutStatus = null,
        string? reason = null) =>
        new("sale:1", status, reason, HoldStatus.None, HoldReason.None, Array.Empty<RiskReason>(), DeferralReason.None, clearing, value,
            payoutId, payoutStatus, 1_000_00, 6_00, pending, held, 0, 0, 0, 0, 0);

    private static PayoutView Payout(PayoutStatus status, string? channel = "Hvps", string? trace = null, string? returnReason = null) =>
        new("payout:M:2026-10-03:1", "M", new DateOnly(2026, 10, 3), 79_520_00, AccountType.Corporate, AccountDestination.Interbank,
            status, channel, null, trace, returnReason, []);

    [Fact]
    public void Pending_sale_across_national_day_expects_the_first_working_day()
    {
        var t = Transaction(LedgerTransactionStatus.PendingClearing, new DateOnly(2026, 9, 30), new DateOnly(2026, 10, 8), pending: 994_00);

        var e = MoneyExplainer.ForTransaction(t, null, null, At(new DateTime(2026, 9, 30, 22, 31, 0)));

        Assert.Equal(MoneyState.PendingClearing, e.State);
        Assert.Equal(new DateOnly(2026, 10, 8), e.ExpectedArrivalDate);
        Assert.Equal(new DateOnly(2026, 9, 30), e.ClearingDate);
        Assert.False(e.Provisional);
        Assert.Contains("2026-10-08", e.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Pending_sale_of_a_frozen_account_has_no_date_and_says_why()
    {
        var t = Transaction(LedgerTransactionStatus.PendingClearing, new DateOnly(2026, 11, 9), new DateOnly(2026, 11, 10), pending: 994_00);

        var e = MoneyExplainer.ForTransaction(t, null, null, At(new DateTime(2026, 11, 9, 12, 0, 0), frozen: true));

        Assert.Null(e.ExpectedArrivalDate);
        Assert.Contains("court order", e.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Held_sale_names_the_review_and_gives_no_date()
    {
        var t = Transaction(LedgerTransactionStatus.HeldForReview, new DateOnly(2026, 11, 9), new DateOnly(2026, 11, 10), held: 994_00, reason: "first sale above 50,000.00 CNY");

        var e = MoneyExplainer.ForTransaction(t, null, null, At(new DateTime(2026, 11, 9, 12, 0, 0)));

        Assert.Equal(MoneyState.HeldForReview, e.State);
        Assert.Contains("first sale above 50,000.00 CNY", e.Reason, StringComparison.Ordinal);
        Assert.Null(e.ExpectedArrivalDate);
        Assert.Equal(994_00, e.AmountMinor);
    }

    [Fact]
    public void Payout_queued_at_HVPS_on_a_holiday_is_queued_for_a_closed_channel_until_its_reopening()
    {
        var p = Payout(PayoutStatus.Queued);
        var tracking = new PayoutTracking { PayoutId = p.PayoutId, Channel = ChannelKind.Hvps, Accepted = true };

        var e = MoneyExplainer.ForPayout(p, tracking, At(new DateTime(2026, 10, 3, 12, 0, 0)));

        Assert.Equal(MoneyState.QueuedForClosedChannel, e.State);
        Assert.Equal(ChannelKind.Hvps, e.Channel);
        Assert.NotNull(e.ExpectedArrivalDate);
        Assert.True(e.ExpectedArrivalDate >= new DateOnly(2026, 10, 7));
        Assert.Contains("HVPS", e.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Maintenance_reopening_known_to_the_rail_keeps_an_open_schedule_queued()
    {
        var p = Payout(PayoutStatus.Queued, "Ibps");
        var tracking = new PayoutTracking
        {
            PayoutId = p.PayoutId,
            Channel = ChannelKind.Ibps,
            Accepted = true,
            NextOpeningLocal = new DateTime(2026, 11, 15, 4, 0, 0),
            QueueReason = "IBPS maintenance until 04:00",
        };

        var e = MoneyExplainer.ForPayout(p with { RunDate = new DateOnly(2026, 11, 15) }, tracking, At(new DateTime(2026, 11, 15, 2, 30, 0)));

        Assert.Equal(MoneyState.QueuedForClosedChannel, e.State);
        Assert.Contains("maintenance", e.Reason, StringComparison.Ordinal);
        Assert.Equal(new DateOnly(2026, 11, 15), e.ExpectedArrivalDate);
    }

    [Fact]
    public void Paid_and_returned_payouts_name_the_trace_or_the_reason()
    {
        var credited = new PayoutTracking { PayoutId = "p", Channel = ChannelKind.Ibps, TraceId = "TR1", CreditedAtLocal = new DateTime(2026, 10, 8, 0, 30, 1) };
        var paid = MoneyExplainer.ForPayout(Payout(PayoutStatus.Credited, "Ibps", "TR1"), credited, At(new DateTime(2026, 10, 9, 9, 0, 0)));
        Assert.Equal(MoneyState.Paid, paid.State);
        Assert.Equal(new DateOnly(2026, 10, 8), paid.ExpectedArrivalDate);
        Assert.Equal("TR1", paid.PayoutTraceId);

        var returned = MoneyExplainer.ForPayout(Payout(PayoutStatus.Returned, "Ibps", returnReason: "account frozen"), null, At(new DateTime(2026, 11, 10, 9, 0, 0)));
        Assert.Equal(MoneyState.Returned, returned.State);
        Assert.Contains("account frozen", returned.Reason, StringComparison.Ordinal);
        Assert.Equal(new DateOnly(2026, 11, 11), returned.ExpectedArrivalDate);
    }

    [Theory]
    [InlineData(LedgerTransactionStatus.Voided, MoneyState.Voided)]
    [InlineData(LedgerTransactionStatus.Reversed, MoneyState.Reversed)]
    [InlineData(LedgerTransactionStatus.RejectedToCardholder, MoneyState.Rejected)]
    [InlineData(LedgerTransactionStatus.Refunded, MoneyState.Refunded)]
    public void Final_states_have_no_expected_date(LedgerTransactionStatus status, MoneyState expected)
    {
        var e = MoneyExplainer.ForTransaction(
            Transaction(status, new DateOnly(2026, 11, 9), new DateOnly(2026, 11, 10)), null, null, At(new DateTime(2026, 11, 9, 12, 0, 0)));

        Assert.Equal(expected, e.State);
        Assert.Null(e.ExpectedArrivalDate);
    }

    [Fact]
    public void Next_run_is_today_before_the_run_time_and_tomorrow_after_it()
    {
        Assert.Equal(new DateTime(2026, 11, 9, 0, 30, 0), MoneyExplainer.NextRunAt(new DateTime(2026, 11, 9, 0, 10, 0), new TimeOnly(0, 30)));
        Assert.Equal(new DateTime(2026, 11, 10, 0, 30, 0), MoneyExplainer.NextRunAt(new DateTime(2026, 11, 9, 0, 31, 0), new TimeOnly(0, 30)));
    }

    private static PayoutView MondayPayout(PayoutStatus status, string? trace = null) =>
        new("payout:M:2026-11-23:1", "M", new DateOnly(2026, 11, 23), 79_520_00, AccountType.Corporate, AccountDestination.Interbank,
            status, "Hvps", null, trace, null, []);

    [Fact]
    public void R4_Payout_sent_in_the_hvps_night_session_is_expected_on_the_next_working_day()
    {
        var tracking = new PayoutTracking { PayoutId = "payout:M:2026-11-23:1", Channel = ChannelKind.Hvps, SentAtLocal = new DateTime(2026, 11, 23, 20, 30, 0) };

        var e = MoneyExplainer.ForPayout(MondayPayout(PayoutStatus.Sent, "HVPS-1"), tracking, At(new DateTime(2026, 11, 23, 20, 31, 0)));

        Assert.Equal(MoneyState.InTransit, e.State);
        Assert.Equal(new DateOnly(2026, 11, 24), e.ExpectedArrivalDate);
        Assert.Contains("HVPS night session, which counts as business of 2026-11-24", e.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("2026-11-23T17:20:00", "2026-11-24")] // Monday after the close: opens 20:30 for Tuesday
    [InlineData("2026-11-20T17:20:00", "2026-11-23")] // Friday after the close: opens Sunday 20:30 for Monday
    public void R4_Payout_queued_for_hvps_after_the_close_is_expected_on_the_business_day_of_the_reopening(string now, string expected)
    {
        var tracking = new PayoutTracking { PayoutId = "payout:M:2026-11-23:1", Channel = ChannelKind.Hvps, Accepted = true };
        var payout = MondayPayout(PayoutStatus.Queued) with { RunDate = DateOnly.FromDateTime(DateTime.Parse(now)) };

        var e = MoneyExplainer.ForPayout(payout, tracking, At(DateTime.Parse(now)));

        Assert.Equal(MoneyState.QueuedForClosedChannel, e.State);
        Assert.Equal(DateOnly.Parse(expected), e.ExpectedArrivalDate);
        Assert.Contains($"counts as business of {expected}", e.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void R4_Paid_in_the_hvps_night_session_is_value_dated_the_next_working_day()
    {
        var tracking = new PayoutTracking
        {
            PayoutId = "payout:M:2026-11-23:1",
            Channel = ChannelKind.Hvps,
            SentAtLocal = new DateTime(2026, 11, 23, 20, 30, 0),
            CreditedAtLocal = new DateTime(2026, 11, 23, 20, 30, 0),
            ValueDate = new DateOnly(2026, 11, 24),
        };

        var paid = MoneyExplainer.ForPayout(MondayPayout(PayoutStatus.Credited, "HVPS-1"), tracking, At(new DateTime(2026, 11, 23, 21, 0, 0)));
        var sameDay = MoneyExplainer.ForPayout(
            MondayPayout(PayoutStatus.Credited, "HVPS-1"),
            tracking with { CreditedAtLocal = new DateTime(2026, 11, 23, 10, 0, 0), ValueDate = new DateOnly(2026, 11, 23) },
            At(new DateTime(2026, 11, 23, 21, 0, 0)));

        Assert.Equal((MoneyState.Paid, new DateOnly(2026, 11, 24)), (paid.State, paid.ExpectedArrivalDate));
        Assert.Contains("value-dated 2026-11-24", paid.Reason, StringComparison.Ordinal);
        Assert.Equal(new DateOnly(2026, 11, 23), sameDay.ExpectedArrivalDate);
        Assert.DoesNotContain("value-dated", sameDay.Reason, StringComparison.Ordinal);
    }
}
