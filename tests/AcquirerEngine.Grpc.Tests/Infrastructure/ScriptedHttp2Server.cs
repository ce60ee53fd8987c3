using System.Net;
using System.Net.Sockets;

namespace AcquirerEngine.Grpc.Tests.Infrastructure;

/// <summary>
/// A loopback TCP listener whose tests play the HTTP/2 server frame by frame (<see cref="ScriptedHttp2Connection"/>),
/// to send what Kestrel never does: CONTINUATION, padding, Huffman-coded and indexed trailers, GOAWAY mid-call.
/// </summary>
internal sealed class ScriptedHttp2Server : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);

    public ScriptedHttp2Server()
    {
        _listener.Start();
    }

    public Uri Address => new($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}");

    /// <summary>The next client connection, its preface already read.</summary>
    public async Task<ScriptedHttp2Connection> AcceptAsync()
    {
        var socket = await _listener.AcceptSocketAsync().WaitAsync(TimeSpan.FromSeconds(20));
        var connection = new ScriptedHttp2Connection(socket);
        await connection.ReadPrefaceAsync();
        return connection;
    }

    public void Dispose() => _listener.Stop();
}
