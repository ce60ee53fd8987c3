namespace AcquirerEngine.Server.Configuration;

public sealed class GrpcSettings
{
    public int MaxReceiveMessageSize { get; set; } = 4 * 1024 * 1024;

    public int MaxSendMessageSize { get; set; } = 4 * 1024 * 1024;
}
