using Microsoft.Data.Sqlite;

namespace Kit.Simulator.Engine;

/// <summary>
/// Payments in SQLite: a file by default, so a restart loses nothing, or an in-memory database for throwaway runs.
/// Callers serialize access (the engine holds one lock), so one connection serves.
/// </summary>
public sealed class PaymentStore : IDisposable
{
    private readonly SqliteConnection _connection;

    private PaymentStore(string connectionString)
    {
        _connection = new SqliteConnection(connectionString);
        _connection.Open();
        Execute("PRAGMA journal_mode=WAL;");
        Execute("""
            CREATE TABLE IF NOT EXISTS payments (
              client_id TEXT NOT NULL, payment_request_id TEXT NOT NULL, payment_id TEXT NOT NULL UNIQUE,
              payment_session_id TEXT NOT NULL, status TEXT NOT NULL, result_code TEXT, result_message TEXT,
              currency TEXT NOT NULL, value TEXT NOT NULL, payment_method_type TEXT, notify_url TEXT, redirect_url TEXT,
              created_at TEXT NOT NULL, expires_at TEXT NOT NULL, completed_at TEXT, key_fields TEXT NOT NULL, session_response TEXT NOT NULL,
              PRIMARY KEY (client_id, payment_request_id));
            """);
    }

    public static PaymentStore OpenFile(string path) => new($"Data Source={path};Pooling=False");

    public static PaymentStore InMemory() => new("Data Source=:memory:");

    public PaymentState? FindByRequestId(string clientId, string paymentRequestId) =>
        Query("SELECT * FROM payments WHERE client_id = $c AND payment_request_id = $k", clientId, paymentRequestId);

    public PaymentState? FindByPaymentId(string clientId, string paymentId) =>
        Query("SELECT * FROM payments WHERE client_id = $c AND payment_id = $k", clientId, paymentId);

    public int Count()
    {
        using var command = _connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM payments";
        return Convert.ToInt32(command.ExecuteScalar());
    }

    public void Insert(PaymentState p) => Write("""
        INSERT INTO payments VALUES ($client_id, $payment_request_id, $payment_id, $payment_session_id, $status, $result_code,
          $result_message, $currency, $value, $payment_method_type, $notify_url, $redirect_url, $created_at, $expires_at,
          $completed_at, $key_fields, $session_response)
        """, p);

    public void Update(PaymentState p) => Write("""
        UPDATE payments SET status = $status, result_code = $result_code, result_message = $result_message, completed_at = $completed_at
        WHERE client_id = $client_id AND payment_request_id = $payment_request_id
        """, p);

    private void Write(string sql, PaymentState p)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$client_id", p.ClientId);
        command.Parameters.AddWithValue("$payment_request_id", p.PaymentRequestId);
        command.Parameters.AddWithValue("$payment_id", p.PaymentId);
        command.Parameters.AddWithValue("$payment_session_id", p.PaymentSessionId);
        command.Parameters.AddWithValue("$status", p.Status);
        command.Parameters.AddWithValue("$result_code", (object?)p.ResultCode ?? DBNull.Value);
        command.Parameters.AddWithValue("$result_message", (object?)p.ResultMessage ?? DBNull.Value);
        command.Parameters.AddWithValue("$currency", p.Currency);
        command.Parameters.AddWithValue("$value", p.Value);
        command.Parameters.AddWithValue("$payment_method_type", (object?)p.PaymentMethodType ?? DBNull.Value);
        command.Parameters.AddWithValue("$notify_url", (object?)p.NotifyUrl ?? DBNull.Value);
        command.Parameters.AddWithValue("$redirect_url", (object?)p.RedirectUrl ?? DBNull.Value);
        command.Parameters.AddWithValue("$created_at", p.CreatedAt.ToString("O"));
        command.Parameters.AddWithValue("$expires_at", p.ExpiresAt.ToString("O"));
        command.Parameters.AddWithValue("$completed_at", p.CompletedAt is { } c ? c.ToString("O") : DBNull.Value);
        command.Parameters.AddWithValue("$key_fields", p.KeyFields);
        command.Parameters.AddWithValue("$session_response", p.SessionResponse);
        command.ExecuteNonQuery();
    }

    private PaymentState? Query(string sql, string clientId, string key)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$c", clientId);
        command.Parameters.AddWithValue("$k", key);
        using var r = command.ExecuteReader();
        if (!r.Read()) return null;
        string? S(string column) => r.IsDBNull(r.GetOrdinal(column)) ? null : r.GetString(r.GetOrdinal(column));
        return new PaymentState(S("client_id")!, S("payment_request_id")!, S("payment_id")!, S("payment_session_id")!, S("status")!,
            S("result_code"), S("result_message"), S("currency")!, S("value")!, S("payment_method_type"), S("notify_url"), S("redirect_url"),
            DateTimeOffset.Parse(S("created_at")!), DateTimeOffset.Parse(S("expires_at")!),
            S("completed_at") is { } completed ? DateTimeOffset.Parse(completed) : null, S("key_fields")!, S("session_response")!);
    }

    private void Execute(string sql)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    public void Dispose() => _connection.Dispose();
}
