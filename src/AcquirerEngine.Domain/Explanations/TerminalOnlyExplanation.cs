using AcquirerEngine.Domain.Terminals;

namespace AcquirerEngine.Domain.Explanations;

/// <summary>
/// "Where is my money" for a transaction the terminal recorded but the merchant's ledger has not taken yet
/// (its forward is still in the terminal's outbox, retried until the ledger acknowledges it). The terminal
/// is the truth for what happened at the counter; clearing and arrival dates come once the ledger has it.
/// </summary>
public static class TerminalOnlyExplanation
{
    /// <summary>The explanation, or null when the terminal's record moves no money (declined, no effect).</summary>
    public static Explanation? For(TransactionView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        return view.Status switch
        {
            TransactionStatus.Approved => new Explanation(
                MoneyState.PendingClearing,
                "approved at the terminal and on its way to the merchant's settlement ledger; the clearing and arrival dates follow once it is recorded there",
                null,
                null,
                true,
                null,
                null,
                null,
                view.AmountMinor),
            TransactionStatus.Voided => new Explanation(
                MoneyState.Voided, "voided at the terminal in the open batch: no money moves", null, null, false, null, null, null, view.AmountMinor),
            TransactionStatus.Reversed => new Explanation(
                MoneyState.Reversed, "reversed by the terminal: no money moves", null, null, false, null, null, null, view.AmountMinor),
            _ => null,
        };
    }
}
