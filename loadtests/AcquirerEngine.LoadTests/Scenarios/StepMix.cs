namespace AcquirerEngine.LoadTests.Scenarios;

/// <summary>Relative weights of the steps an iteration is drawn from.</summary>
public sealed record StepMix(double Sale, double DuplicateSale, double Void, double Reverse, double NewMerchantFirstSale = 0)
{
    public StepKind Pick(double uniform)
    {
        var total = Sale + DuplicateSale + Void + Reverse + NewMerchantFirstSale;
        var at = uniform * total;
        foreach (var (kind, weight) in new[]
        {
            (StepKind.Sale, Sale),
            (StepKind.DuplicateSale, DuplicateSale),
            (StepKind.Void, Void),
            (StepKind.Reverse, Reverse),
            (StepKind.NewMerchantFirstSale, NewMerchantFirstSale),
        })
        {
            if (at < weight)
            {
                return kind;
            }

            at -= weight;
        }

        return StepKind.Sale;
    }
}
