using System.Globalization;
using System.Text;
using AcquirerEngine.Contracts.V1;
using Grpc.Health.V1;

namespace AcquirerEngine.Cli;

/// <summary>The human-readable one-line renderings of responses: the result word first, then key=value pairs.</summary>
public static class ResponseText
{
    public static string Health(HealthCheckResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        return ProtoEnumNames.Short(response.Status);
    }

    public static string Onboard(OnboardMerchantRequest request, OnboardMerchantResponse response)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(response);
        return response.Created
            ? $"ONBOARDED merchant={request.MerchantId}"
            : $"UNCHANGED merchant={request.MerchantId} (already onboarded with the same data)";
    }

    public static string Register(RegisterTerminalRequest request, RegisterTerminalResponse response)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(response);
        return response.Created
            ? $"REGISTERED merchant={request.MerchantId} terminal={request.TerminalId}"
            : $"UNCHANGED merchant={request.MerchantId} terminal={request.TerminalId} (already registered)";
    }

    public static string SignOn(SignOnResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        return $"SIGNED_ON batch={Number(response.BatchNo)}";
    }

    public static string SignOff(SignOffResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        return $"SIGNED_OFF batch={Number(response.BatchNo)}";
    }

    public static string Sale(SaleResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        var text = new StringBuilder(ProtoEnumNames.Short(response.Result));
        Append(text, "rrn", response.Rrn);
        Append(text, "approval", response.ApprovalCode);
        Append(text, "reason", response.DeclineReason);
        return text.ToString();
    }

    public static string Void(VoidResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        var text = new StringBuilder(ProtoEnumNames.Short(response.State));
        Append(text, "rrn", response.Rrn);
        return text.ToString();
    }

    public static string Reverse(ReverseResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        return ProtoEnumNames.Short(response.State) + (response.Duplicate ? " duplicate=true" : string.Empty);
    }

    public static string Transaction(Transaction transaction)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        var text = new StringBuilder(ProtoEnumNames.Short(transaction.State));
        text.Append(' ').Append(ProtoEnumNames.Short(transaction.Type));
        Append(text, "merchant", transaction.MerchantId);
        Append(text, "terminal", transaction.TerminalId);
        Append(text, "batch", Number(transaction.BatchNo));
        Append(text, "stan", Number(transaction.Stan));
        Append(text, "local_time", transaction.LocalTime.Length > 0 ? transaction.LocalTime : transaction.LocalDate);
        text.Append(' ').Append(Amount("amount", transaction.AmountMinor, transaction.Currency));
        if (transaction.CardType != CardType.Unspecified)
        {
            Append(text, "card", ProtoEnumNames.Short(transaction.CardType));
        }

        Append(text, "rrn", transaction.Rrn);
        Append(text, "approval", transaction.ApprovalCode);
        Append(text, "reason", transaction.DeclineReason);
        if (transaction.RefundedMinor != 0)
        {
            text.Append(' ').Append(Amount("refunded", transaction.RefundedMinor, transaction.Currency));
        }

        return text.ToString();
    }

    // CNY is shown in yuan as typed on the command line; other currencies stay in minor units
    // because the CLI does not know their exponent.
    private static string Amount(string name, long minor, string currency) =>
        currency == "CNY"
            ? $"{name}={CnyAmount.FormatMinor(minor)} CNY"
            : $"{name}_minor={minor.ToString(CultureInfo.InvariantCulture)}{(currency.Length > 0 ? " " + currency : string.Empty)}";

    private static string Number(uint value) => value.ToString(CultureInfo.InvariantCulture);

    private static void Append(StringBuilder text, string key, string value)
    {
        if (value.Length > 0)
        {
            text.Append(' ').Append(key).Append('=').Append(value);
        }
    }
}
