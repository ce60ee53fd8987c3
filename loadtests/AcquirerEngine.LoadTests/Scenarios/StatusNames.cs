using System.Text;
using AcquirerEngine.Grpc;

namespace AcquirerEngine.LoadTests.Scenarios;

/// <summary>gRPC status codes as the spec writes them (DEADLINE_EXCEEDED), for reports and thresholds.</summary>
public static class StatusNames
{
    public static string Of(StatusCode code)
    {
        var name = code.ToString();
        var text = new StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            if (i > 0 && char.IsUpper(name[i]))
            {
                text.Append('_');
            }

            text.Append(char.ToUpperInvariant(name[i]));
        }

        return text.ToString();
    }
}
