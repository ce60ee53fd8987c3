namespace AcquirerEngine.Storage.Sqlite;

/// <summary>
/// Where the SQLite WAL stood at a checkpoint: how many times it had started over (the header's checkpoint sequence;
/// null when unreadable) and how many frames it held.
/// </summary>
internal readonly record struct WalPosition(uint? Starts, long Frames);
