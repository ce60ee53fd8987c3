namespace AcquirerEngine.LoadTests.Thresholds;

public enum ThresholdOperator
{
    Less,
    LessOrEqual,
    Greater,
    GreaterOrEqual,
}
