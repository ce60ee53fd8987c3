using AcquirerEngine.Domain.Channels;
using AcquirerEngine.Domain.Explanations;
using AcquirerEngine.Domain.Ledger;
using AcquirerEngine.Domain.Merchants;
using AcquirerEngine.Domain.Terminals;
using AcquirerEngine.Grains.Payouts;
using AcquirerEngine.Runtime;

namespace AcquirerEngine.Grains.Merchants;

/// <summary>
/// One merchant (key: merchant id): its profile, terminals and settlement ledger in one grain. Every method is
/// idempotent. Money facts arrive from terminals (by transaction id = the terminal event's record id) and from
/// the payout rails (by payout id); a daily durable reminder settles and hands payouts to the rails.
/// </summary>
public interface IMerchantGrain : IGrainWithStringKey
{
    /// <summary>Name-only onboarding (kept for existing callers): no settlement account, so no money is taken yet.</summary>
    Task<OnboardOutcome> OnboardAsync(string name);

    /// <summary>Full onboarding (or profile update): configures the ledger's account and registers the daily settlement reminder.</summary>
    Task<OnboardOutcome> OnboardAsync(MerchantProfile profile);

    /// <summary>Null when the merchant was never onboarded.</summary>
    Task<MerchantSnapshot?> GetAsync();

    /// <summary>Null when not onboarded with a full profile.</summary>
    Task<MerchantProfile?> GetProfileAsync();

    /// <summary>Lists the terminal under this merchant; false when the merchant is not onboarded.</summary>
    Task<bool> AddTerminalAsync(string terminalId);

    /// <summary>An approved sale: fee from the pricing plan, clearing date from the cut-off, value date from the cycle and calendar.</summary>
    Task<TerminalFactResult> CaptureSaleAsync(SaleApproved sale);

    /// <summary>A void or reversal of a captured sale.</summary>
    Task<TerminalFactResult> CancelSaleAsync(SaleCancellation cancellation);

    /// <summary>A (partial) refund of a captured sale.</summary>
    Task<TerminalFactResult> RefundSaleAsync(SaleRefunded refund);

    Task<FreezeResult> FreezeAsync(string reason);

    /// <summary>
    /// Lifts the acquirer's freeze (NotFrozen when there was none) and, either way, ends a payout back-off after
    /// returns for a frozen or closed bank account: the operator has acted on the account, the next run pays.
    /// </summary>
    Task<FreezeResult> UnfreezeAsync();

    Task<IReadOnlyList<HoldView>> ListHoldsAsync();

    Task<HoldResult> ReleaseHoldAsync(string transactionId);

    Task<HoldResult> RejectHoldAsync(string transactionId, string reason);

    /// <summary>Null when not onboarded.</summary>
    Task<MerchantBalanceView?> GetBalanceAsync();

    /// <summary>Every payout, oldest run first, each with its explanation.</summary>
    Task<IReadOnlyList<MerchantPayoutView>> ListPayoutsAsync();

    /// <summary>"Where is my money" for a transaction (id = the sale's record id, RecordIds.Sale(...)); null when unknown.</summary>
    Task<Explanation?> ExplainTransactionAsync(string transactionId);

    /// <summary>"Where is my money" for a payout; null when unknown.</summary>
    Task<Explanation?> ExplainPayoutAsync(string payoutId);

    /// <summary>A rail's progress report (queued, sent, credited, returned). Idempotent.</summary>
    Task NotifyPayoutAsync(PayoutNotice notice);

    /// <summary>R11 check over the whole ledger: null when it adds up, else the first violation (tests, diagnostics).</summary>
    Task<string?> FindConservationViolationAsync();

    /// <summary>A copy of the ledger state (tests and replay checks).</summary>
    Task<MerchantLedgerState> GetLedgerAsync();
}
