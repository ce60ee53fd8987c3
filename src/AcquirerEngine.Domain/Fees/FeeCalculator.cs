using AcquirerEngine.Domain.Terminals;

namespace AcquirerEngine.Domain.Fees;

/// <summary>
/// R10 in integer arithmetic only: amount x rate is formed exactly in Int128 (no double or decimal drift),
/// divided once, rounded by the plan's stated rule, then capped.
/// </summary>
public static class FeeCalculator
{
    public static FeeQuote Fee(long amountMinor, CardType cardType, PricingPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        Invariant.Require(plan.IsValid, $"pricing plan '{plan.Name}' is invalid");
        if (amountMinor < 0)
        {
            return new FeeQuote(FeeResult.NegativeAmount, amountMinor, cardType, 0, 0, false, 0);
        }

        long ratePpm;
        long? capMinor;
        switch (cardType)
        {
            case CardType.Debit:
                ratePpm = plan.DebitRatePpm;
                capMinor = plan.DebitCapMinor;
                break;
            case CardType.Credit:
                ratePpm = plan.CreditRatePpm;
                capMinor = plan.CreditCapMinor;
                break;
            default:
                return new FeeQuote(FeeResult.UnknownCardType, amountMinor, cardType, 0, 0, false, 0);
        }

        var uncapped = RoundedFee(amountMinor, ratePpm, plan.Rounding);
        var capped = capMinor is { } cap && uncapped > cap;
        var fee = capped ? capMinor!.Value : uncapped;
        Invariant.Require(fee >= 0 && fee <= amountMinor, "a fee must lie between zero and the gross amount");
        return new FeeQuote(FeeResult.Calculated, amountMinor, cardType, fee, uncapped, capped, ratePpm);
    }

    /// <summary>amount x ratePpm / 1,000,000 rounded to a whole minor unit. Exposed for tests and explanations.</summary>
    public static long RoundedFee(long amountMinor, long ratePpm, RoundingMode rounding)
    {
        Invariant.Require(amountMinor >= 0, "fee base must not be negative");
        Invariant.Require(ratePpm is >= 0 and <= PricingPlan.FullAmountPpm, "rate must lie in 0..100%");
        var product = (Int128)amountMinor * ratePpm;
        var quotient = product / PricingPlan.FullAmountPpm;
        var remainder = product % PricingPlan.FullAmountPpm;
        var twiceRemainder = remainder * 2;
        var roundUp = twiceRemainder > PricingPlan.FullAmountPpm
            || (twiceRemainder == PricingPlan.FullAmountPpm
                && (rounding == RoundingMode.HalfUp || !Int128.IsEvenInteger(quotient)));
        // rate <= 100% keeps the result <= amount, so it fits a long.
        return (long)(roundUp ? quotient + 1 : quotient);
    }
}
