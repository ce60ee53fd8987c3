using AcquirerEngine.Contracts.V1;
using AcquirerEngine.Domain.Merchants;
using AcquirerEngine.Grains.Merchants;
using DomainExplanation = AcquirerEngine.Domain.Explanations.Explanation;
using WireExplanation = AcquirerEngine.Contracts.V1.Explanation;

namespace AcquirerEngine.Server.Services;

/// <summary>Settlement messages between the wire and the domain; no rules of its own.</summary>
public static class SettlementProtoMapping
{
    public static OnboardMerchantInput ToInput(OnboardMerchantRequest request) => new(
        request.MerchantId,
        request.Name,
        request.Account is null
            ? null
            : new AccountInput(request.Account.BankCode, request.Account.AccountNumber, (int)request.Account.AccountType, request.Account.SameBank),
        request.Pricing is null
            ? null
            : new PricingInput(request.Pricing.CreditRateCentiBps, request.Pricing.DebitRateCentiBps, request.Pricing.DebitCapMinor),
        (int)request.Cycle,
        request.SameDayQuotaMinor,
        request.Risk?.FirstSaleReviewThresholdMinor ?? 0);

    public static WireExplanation ToMessage(DomainExplanation explanation) => new()
    {
        // The domain's money states are numbered as the wire's (MoneyState in operator.proto).
        State = (MoneyState)(int)explanation.State,
        Reason = explanation.Reason,
        ClearingDate = LocalTimeText.Format(explanation.ClearingDate),
        ExpectedArrivalDate = LocalTimeText.Format(explanation.ExpectedArrivalDate),
        Provisional = explanation.Provisional,
        Channel = ChannelProtoMapping.ToWire(explanation.Channel),
        PayoutTraceId = explanation.PayoutTraceId ?? "",
        PayoutId = explanation.PayoutId ?? "",
        AmountMinor = explanation.AmountMinor,
    };

    public static Payout ToMessage(MerchantPayoutView view) => new()
    {
        PayoutId = view.Payout.PayoutId,
        MerchantId = view.Payout.MerchantId,
        AmountMinor = view.Payout.AmountMinor,
        ValueDate = LocalTimeText.Format(view.Payout.RunDate),
        Channel = ChannelProtoMapping.ToWire(view.Explanation.Channel),
        State = (MoneyState)(int)view.Explanation.State,
        TraceId = view.Payout.TraceId ?? "",
        Reason = view.Explanation.Reason,
    };

    public static Contracts.V1.MerchantBalance ToMessage(MerchantBalanceView view) => new()
    {
        MerchantId = view.MerchantId,
        PendingMinor = view.Balance.PendingClearingMinor,
        HeldMinor = view.Balance.HeldMinor,
        QueuedMinor = view.Balance.QueuedMinor,
        InTransitMinor = view.Balance.InTransitMinor,
        PaidMinor = view.Balance.PaidMinor,
        ReturnedMinor = view.Balance.ReturnedMinor,
        FeesMinor = view.Balance.FeesMinor,
        DeferredMinor = view.Balance.DeferredMinor,
        Frozen = view.Frozen,
    };
}
