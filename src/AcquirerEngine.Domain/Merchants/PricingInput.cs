namespace AcquirerEngine.Domain.Merchants;

/// <param name="CreditRateCentiBps">Hundredths of a basis point (= parts per million): 0.60% = 6000.</param>
/// <param name="DebitCapMinor">0 = no cap.</param>
public sealed record PricingInput(uint CreditRateCentiBps, uint DebitRateCentiBps, long DebitCapMinor);
