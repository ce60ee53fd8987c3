using System.Globalization;
using AcquirerEngine.Domain.Money;
using AcquirerEngine.Domain.Terminals;

namespace AcquirerEngine.Domain.Validation;

/// <summary>
/// One rule per wire field. Each appends its errors under the given field name and returns the parsed
/// value (or a default when invalid), so a validator reads as a list of fields and reports them all.
/// </summary>
public static class FieldRules
{
    public const int MerchantIdMaxLength = 15;
    public const int TerminalIdMaxLength = 8;
    public const uint SixDigitMaximum = 999_999;
    public const int CardTokenMaxLength = 64;
    public const string PanRejectedMessage = "card_token must be a token, never a card number";

    /// <summary>MID: 1-15 ASCII letters or digits (UnionPay MIDs are 15 digits).</summary>
    public static string MerchantId(string? value, string field, List<ValidationError> errors) =>
        Identifier(value, MerchantIdMaxLength, field, errors);

    /// <summary>TID: 1-8 ASCII letters or digits (ISO 8583 field 41 is 8 characters).</summary>
    public static string TerminalId(string? value, string field, List<ValidationError> errors) =>
        Identifier(value, TerminalIdMaxLength, field, errors);

    /// <summary>Batch numbers and STANs are 6-digit, and 0 is what proto3 sends when the field is missing.</summary>
    public static uint SixDigitNumber(uint value, string field, List<ValidationError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (value is < 1 or > SixDigitMaximum)
        {
            errors.Add(new ValidationError(field, $"{field} must be between 1 and {SixDigitMaximum}"));
        }

        return value;
    }

    public static long AmountMinor(long value, long maxAmountMinor, string field, List<ValidationError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (value <= 0)
        {
            errors.Add(new ValidationError(field, $"{field} must be greater than 0"));
        }
        else if (value > maxAmountMinor)
        {
            errors.Add(new ValidationError(
                field,
                string.Create(CultureInfo.InvariantCulture, $"{field} must not exceed {maxAmountMinor}")));
        }

        return value;
    }

    /// <summary>A count of a wire BatchTotals: uint32 on the wire, held as int, so above int.MaxValue is refused.</summary>
    public static int TotalsCount(uint value, string field, List<ValidationError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (value > int.MaxValue)
        {
            errors.Add(new ValidationError(
                field,
                string.Create(CultureInfo.InvariantCulture, $"{field} must not exceed {int.MaxValue}")));
            return 0;
        }

        return (int)value;
    }

    /// <summary>An amount of a wire BatchTotals: a sum, so 0 is valid, negative never is.</summary>
    public static long TotalsAmountMinor(long value, string field, List<ValidationError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (value < 0)
        {
            errors.Add(new ValidationError(field, $"{field} must not be negative"));
        }

        return value;
    }

    /// <summary>
    /// A count and its amount must agree: no transactions means no money, and every transaction is at least
    /// one minor unit. A terminal that breaks this has a corrupt batch; comparing it would only mislead.
    /// </summary>
    public static void CountMatchesAmount(int count, long amountMinor, string amountField, string countField, List<ValidationError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (amountMinor < 0)
        {
            return;
        }

        if ((count == 0) != (amountMinor == 0) || amountMinor < count)
        {
            errors.Add(new ValidationError(
                amountField,
                $"{amountField} must be 0 exactly when {countField} is 0, and at least {countField} minor units otherwise"));
        }
    }

    /// <summary>
    /// Three different answers on purpose: malformed, not ISO 4217 at all, and ISO 4217 but not settled by
    /// this acquirer. The last is a configuration question the merchant can act on; the first two are bugs.
    /// </summary>
    public static Currency? Currency(string? value, AcceptedCurrencies accepted, string field, List<ValidationError> errors)
    {
        ArgumentNullException.ThrowIfNull(accepted);
        ArgumentNullException.ThrowIfNull(errors);
        if (string.IsNullOrEmpty(value))
        {
            errors.Add(new ValidationError(field, $"{field} is required"));
            return null;
        }

        if (value.Length != 3 || !value.All(char.IsAsciiLetterUpper))
        {
            errors.Add(new ValidationError(field, $"{field} must be a 3-letter upper-case ISO 4217 code"));
            return null;
        }

        if (!Iso4217.TryFind(value, out var currency))
        {
            errors.Add(new ValidationError(field, $"{field} '{value}' is not an ISO 4217 currency"));
            return null;
        }

        if (!accepted.Accepts(currency))
        {
            var list = string.Join(", ", accepted.Codes.Order(StringComparer.Ordinal));
            errors.Add(new ValidationError(field, $"{field} '{value}' is not accepted by this acquirer (accepted: {list})"));
            return null;
        }

        return currency;
    }

    public static CardType CardType(CardType value, string field, List<ValidationError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (value is not (Terminals.CardType.Debit or Terminals.CardType.Credit))
        {
            errors.Add(new ValidationError(field, $"{field} must be debit or credit"));
        }

        return value;
    }

    /// <summary>A token: at most 64 printable ASCII characters, and never something that looks like a PAN.</summary>
    public static string CardToken(string? value, string field, List<ValidationError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (string.IsNullOrEmpty(value))
        {
            errors.Add(new ValidationError(field, $"{field} is required"));
            return "";
        }

        if (value.Length > CardTokenMaxLength)
        {
            errors.Add(new ValidationError(field, $"{field} must be at most {CardTokenMaxLength} characters"));
        }
        else if (!value.All(c => c is >= ' ' and <= '~'))
        {
            errors.Add(new ValidationError(field, $"{field} must be printable ASCII"));
        }
        else if (PanDetector.LooksLikePan(value))
        {
            // Never echo the value: it is a card number.
            errors.Add(new ValidationError(field, PanRejectedMessage));
        }

        return value;
    }

    public static DateTime LocalTime(string? value, string field, List<ValidationError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (string.IsNullOrEmpty(value))
        {
            errors.Add(new ValidationError(field, $"{field} is required"));
            return default;
        }

        if (!LocalTimeFormat.TryParseLocalDateTime(value, out var localTime))
        {
            errors.Add(new ValidationError(
                field,
                $"{field} must be a local date-time '{LocalTimeFormat.DateTimePattern}' without offset, on a real calendar date"));
            return default;
        }

        return localTime;
    }

    /// <summary>Optional date: empty means "not given" and yields null without an error.</summary>
    public static DateOnly? OptionalLocalDate(string? value, string field, List<ValidationError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        if (!LocalTimeFormat.TryParseLocalDate(value, out var localDate))
        {
            errors.Add(new ValidationError(
                field,
                $"{field} must be a date '{LocalTimeFormat.DatePattern}' on a real calendar date"));
            return null;
        }

        return localDate;
    }

    private static string Identifier(string? value, int maxLength, string field, List<ValidationError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (string.IsNullOrEmpty(value))
        {
            errors.Add(new ValidationError(field, $"{field} is required"));
            return "";
        }

        if (value.Length > maxLength || !value.All(char.IsAsciiLetterOrDigit))
        {
            errors.Add(new ValidationError(field, $"{field} must be 1-{maxLength} ASCII letters or digits"));
        }

        return value;
    }
}
