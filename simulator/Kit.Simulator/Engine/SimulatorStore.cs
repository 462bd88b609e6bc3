using Kit.Contracts.Antom;
using Microsoft.Data.Sqlite;

namespace Kit.Simulator.Engine;

/// <summary>
/// The simulator's state in SQLite: payments, the notification outbox with every delivery attempt, and the virtual
/// clock's position. A file by default, so a restart loses nothing; an in-memory database for throwaway runs.
/// One connection, used under one lock.
/// </summary>
public sealed partial class SimulatorStore : IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly object _gate = new();

    private SimulatorStore(string connectionString)
    {
        _connection = new SqliteConnection(connectionString);
        _connection.Open();
        // WAL with synchronous=NORMAL survives a killed process (the durability the simulator promises); only a power loss can drop the last commits.
        Execute("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;");
        Execute("""
            CREATE TABLE IF NOT EXISTS payments (
              client_id TEXT NOT NULL, payment_request_id TEXT NOT NULL, payment_id TEXT NOT NULL UNIQUE,
              payment_session_id TEXT NOT NULL, status TEXT NOT NULL, result_code TEXT, result_message TEXT,
              currency TEXT NOT NULL, value TEXT NOT NULL, payment_method_type TEXT, notify_url TEXT, redirect_url TEXT,
              created_at TEXT NOT NULL, expires_at TEXT NOT NULL, completed_at TEXT, key_fields TEXT NOT NULL, session_response TEXT NOT NULL,
              outcome TEXT NOT NULL, completes_at TEXT, terminal_type TEXT,
              PRIMARY KEY (client_id, payment_request_id));
            CREATE INDEX IF NOT EXISTS payments_open ON payments (status, expires_at);
            CREATE INDEX IF NOT EXISTS payments_session ON payments (payment_session_id);
            CREATE TABLE IF NOT EXISTS notifications (
              id INTEGER PRIMARY KEY AUTOINCREMENT, client_id TEXT NOT NULL, payment_request_id TEXT NOT NULL, url TEXT NOT NULL,
              body TEXT NOT NULL, attempts INTEGER NOT NULL, next_attempt_at TEXT, state TEXT NOT NULL, retries INTEGER NOT NULL,
              ignore_ack INTEGER NOT NULL);
            CREATE TABLE IF NOT EXISTS notification_attempts (
              notification_id INTEGER NOT NULL, attempt INTEGER NOT NULL, at TEXT NOT NULL, status_code INTEGER,
              latency_ms REAL NOT NULL, response TEXT, error TEXT, acknowledged INTEGER NOT NULL);
            CREATE TABLE IF NOT EXISTS clock (id INTEGER PRIMARY KEY CHECK (id = 1), virtual_now TEXT NOT NULL);
            CREATE TABLE IF NOT EXISTS sdk_faults (
              client_id TEXT NOT NULL, payment_request_id TEXT NOT NULL, fault TEXT NOT NULL,
              PRIMARY KEY (client_id, payment_request_id));
            CREATE TABLE IF NOT EXISTS client_switches (
              client_id TEXT PRIMARY KEY, next_sdk_fault TEXT, withhold_notifications INTEGER NOT NULL DEFAULT 0);
            CREATE TABLE IF NOT EXISTS refunds (
              client_id TEXT NOT NULL, refund_request_id TEXT NOT NULL, refund_id TEXT NOT NULL UNIQUE, payment_id TEXT NOT NULL,
              payment_request_id TEXT NOT NULL, currency TEXT NOT NULL, value TEXT NOT NULL, status TEXT NOT NULL, result_code TEXT,
              result_message TEXT, notify_url TEXT, created_at TEXT NOT NULL, completes_at TEXT, completed_at TEXT,
              key_fields TEXT NOT NULL, response TEXT NOT NULL, outcome TEXT NOT NULL,
              PRIMARY KEY (client_id, refund_request_id));
            CREATE INDEX IF NOT EXISTS refunds_payment ON refunds (client_id, payment_id);
            CREATE INDEX IF NOT EXISTS refunds_open ON refunds (status, completes_at);
            CREATE TABLE IF NOT EXISTS refund_outcomes (
              client_id TEXT NOT NULL, refund_request_id TEXT NOT NULL, outcome TEXT NOT NULL,
              PRIMARY KEY (client_id, refund_request_id));
            CREATE TABLE IF NOT EXISTS api_faults (
              client_id TEXT NOT NULL, operation TEXT NOT NULL, fault TEXT NOT NULL, delay_seconds INTEGER, remaining INTEGER NOT NULL,
              PRIMARY KEY (client_id, operation));
            CREATE TABLE IF NOT EXISTS api_faults_spent (
              client_id TEXT NOT NULL, operation TEXT NOT NULL, request_key TEXT NOT NULL,
              PRIMARY KEY (client_id, operation, request_key));
            """);
        // A database from before terminal types were kept gets the column; its payments have none until the SDK reports one.
        if (!HasColumn("payments", "terminal_type")) Execute("ALTER TABLE payments ADD COLUMN terminal_type TEXT;");
        // One from before refunds: its notifications are all notifyPayment.
        if (!HasColumn("notifications", "kind"))
            Execute("ALTER TABLE notifications ADD COLUMN kind TEXT NOT NULL DEFAULT 'notifyPayment'; ALTER TABLE notifications ADD COLUMN refund_request_id TEXT;");
    }

    private bool HasColumn(string table, string column)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = $"SELECT COUNT(*) FROM pragma_table_info('{table}') WHERE name = $c";
        command.Parameters.AddWithValue("$c", column);
        return Convert.ToInt32(command.ExecuteScalar()) > 0;
    }

    public static SimulatorStore OpenFile(string path) => new($"Data Source={path};Pooling=False");

    public static SimulatorStore InMemory() => new("Data Source=:memory:");

    public PaymentState? FindByRequestId(string clientId, string paymentRequestId) =>
        Query("SELECT * FROM payments WHERE client_id = $c AND payment_request_id = $k", ("$c", clientId), ("$k", paymentRequestId));

    public PaymentState? FindBySessionId(string paymentSessionId) =>
        Query("SELECT * FROM payments WHERE payment_session_id = $k", ("$k", paymentSessionId));

    public PaymentState? FindByPaymentId(string clientId, string paymentId) =>
        Query("SELECT * FROM payments WHERE client_id = $c AND payment_id = $k", ("$c", clientId), ("$k", paymentId));

    public int Count() => Convert.ToInt32(Scalar("SELECT COUNT(*) FROM payments"));

    /// <summary>Open payments whose expiry or delayed completion has come (the dispatcher settles them and notifies).</summary>
    public IReadOnlyList<(string ClientId, string PaymentRequestId)> FindExpiring(DateTimeOffset now)
    {
        lock (_gate)
        {
            using var command = _connection.CreateCommand();
            // Times are stored as UTC round-trip strings, which sort as they compare, so SQLite filters with the index.
            command.CommandText = """
                SELECT client_id, payment_request_id FROM payments
                WHERE (status = 'PROCESSING' AND expires_at <= $now) OR (status = 'PENDING' AND completes_at <= $now)
                """;
            command.Parameters.AddWithValue("$now", Utc(now));
            using var r = command.ExecuteReader();
            var due = new List<(string, string)>();
            while (r.Read()) due.Add((r.GetString(0), r.GetString(1)));
            return due;
        }
    }

    private static string Utc(DateTimeOffset t) => t.ToUniversalTime().ToString("O");

    /// <param name="withheld">Record it as withheld: never due, never sent (QA's switch to see whether the merchant inquires).</param>
    public long AddNotification(NotificationTarget target, string body, DateTimeOffset due, bool retries, bool ignoreAck = false, bool withheld = false) =>
        Convert.ToInt64(Scalar("""
            INSERT INTO notifications (client_id, payment_request_id, url, body, attempts, next_attempt_at, state, retries, ignore_ack, kind, refund_request_id)
            VALUES ($c, $p, $u, $b, 0, $n, $s, $r, $i, $k, $f); SELECT last_insert_rowid();
            """, ("$c", target.ClientId), ("$p", target.PaymentRequestId), ("$u", target.Url), ("$b", body), ("$n", Utc(due)), ("$s", withheld ? "withheld" : "pending"),
            ("$r", retries ? 1 : 0), ("$i", ignoreAck ? 1 : 0), ("$k", target.Kind), ("$f", (object?)target.RefundRequestId ?? DBNull.Value)));

    /// <summary>Notifications whose next attempt is due, oldest first.</summary>
    public IReadOnlyList<NotificationState> DueNotifications(DateTimeOffset now) =>
        Notifications("WHERE state = 'pending' AND next_attempt_at <= $now ORDER BY next_attempt_at, id", ("$now", Utc(now)));

    public IReadOnlyList<NotificationState> Notifications(string clientId, string? paymentRequestId) =>
        Notifications(paymentRequestId is null ? "WHERE client_id = $c" : "WHERE client_id = $c AND payment_request_id = $p", ("$c", clientId), ("$p", paymentRequestId ?? ""));

    public void RecordAttempt(NotificationState n, NotificationAttempt attempt, DateTimeOffset? nextAttemptAt, string state)
    {
        lock (_gate)
        {
            using var tx = _connection.BeginTransaction();
            ExecuteLocked("""
                INSERT INTO notification_attempts VALUES ($id, $a, $at, $s, $l, $r, $e, $k);
                UPDATE notifications SET attempts = $a, next_attempt_at = $n, state = $state WHERE id = $id;
                """, ("$id", n.Id), ("$a", attempt.Attempt), ("$at", Utc(attempt.At)), ("$s", (object?)attempt.StatusCode ?? DBNull.Value),
                ("$l", attempt.LatencyMs), ("$r", (object?)attempt.Response ?? DBNull.Value), ("$e", (object?)attempt.Error ?? DBNull.Value),
                ("$k", attempt.Acknowledged ? 1 : 0), ("$n", nextAttemptAt is { } t ? Utc(t) : DBNull.Value), ("$state", state));
            tx.Commit();
        }
    }

    /// <summary>Arms (or, with <see cref="SdkFault.None"/>, disarms) an SDK fault for a payment, which may not exist yet.</summary>
    public void ArmFault(string clientId, string paymentRequestId, SdkFault fault) =>
        Scalar(fault == SdkFault.None
            ? "DELETE FROM sdk_faults WHERE client_id = $c AND payment_request_id = $p"
            : "INSERT INTO sdk_faults VALUES ($c, $p, $f) ON CONFLICT(client_id, payment_request_id) DO UPDATE SET fault = $f",
            ("$c", clientId), ("$p", paymentRequestId), ("$f", fault.ToString()));

    /// <summary>Arms a fault for a client's next createPaymentSession, whose paymentRequestId QA does not know in advance.</summary>
    public void ArmNextFault(string clientId, SdkFault fault) =>
        Scalar("""
            INSERT INTO client_switches (client_id, next_sdk_fault) VALUES ($c, $f)
            ON CONFLICT(client_id) DO UPDATE SET next_sdk_fault = $f
            """, ("$c", clientId), ("$f", fault == SdkFault.None ? DBNull.Value : fault.ToString()));

    /// <summary>The fault armed for the client's next createPaymentSession, disarmed as it is taken.</summary>
    public SdkFault TakeNextFault(string clientId)
    {
        lock (_gate)
        {
            using var command = _connection.CreateCommand();
            command.CommandText = "SELECT next_sdk_fault FROM client_switches WHERE client_id = $c; UPDATE client_switches SET next_sdk_fault = NULL WHERE client_id = $c";
            command.Parameters.AddWithValue("$c", clientId);
            return command.ExecuteScalar() is string s && Enum.TryParse<SdkFault>(s, out var fault) ? fault : SdkFault.None;
        }
    }

    /// <summary>Whether the client's notifications are withheld: recorded, never sent (to see whether a merchant inquires).</summary>
    public bool WithholdsNotifications(string clientId) =>
        Scalar("SELECT withhold_notifications FROM client_switches WHERE client_id = $c", ("$c", clientId)) is long v && v != 0;

    public void WithholdNotifications(string clientId, bool withhold) =>
        Scalar("""
            INSERT INTO client_switches (client_id, withhold_notifications) VALUES ($c, $w)
            ON CONFLICT(client_id) DO UPDATE SET withhold_notifications = $w
            """, ("$c", clientId), ("$w", withhold ? 1 : 0));

    public SdkFault FaultFor(string clientId, string paymentRequestId) =>
        Scalar("SELECT fault FROM sdk_faults WHERE client_id = $c AND payment_request_id = $p", ("$c", clientId), ("$p", paymentRequestId)) is string s
            && Enum.TryParse<SdkFault>(s, out var fault) ? fault : SdkFault.None;

    public DateTimeOffset? LoadVirtualNow() => Scalar("SELECT virtual_now FROM clock WHERE id = 1") is string s ? DateTimeOffset.Parse(s) : null;

    public void SaveVirtualNow(DateTimeOffset now) =>
        Scalar("INSERT INTO clock (id, virtual_now) VALUES (1, $n) ON CONFLICT(id) DO UPDATE SET virtual_now = $n", ("$n", Utc(now)));

    private IReadOnlyList<NotificationState> Notifications(string where, params (string Name, object Value)[] parameters)
    {
        lock (_gate)
        {
            var list = new List<NotificationState>();
            using (var command = _connection.CreateCommand())
            {
                command.CommandText = "SELECT id, client_id, payment_request_id, url, body, attempts, next_attempt_at, state, retries, ignore_ack, kind, refund_request_id FROM notifications " + where;
                foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value);
                using var r = command.ExecuteReader();
                while (r.Read())
                    list.Add(new NotificationState(r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4), r.GetInt32(5),
                        r.IsDBNull(6) ? null : DateTimeOffset.Parse(r.GetString(6)), r.GetString(7), r.GetInt32(8) == 1, [])
                    {
                        IgnoreAck = r.GetInt32(9) == 1, Kind = r.GetString(10), RefundRequestId = r.IsDBNull(11) ? null : r.GetString(11),
                    });
            }
            return list.Select(n => n with { Attempts = AttemptsLocked(n.Id) }).ToList();
        }
    }

    private IReadOnlyList<NotificationAttempt> AttemptsLocked(long id)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = "SELECT attempt, at, status_code, latency_ms, response, error, acknowledged FROM notification_attempts WHERE notification_id = $id ORDER BY attempt";
        command.Parameters.AddWithValue("$id", id);
        using var r = command.ExecuteReader();
        var list = new List<NotificationAttempt>();
        while (r.Read())
            list.Add(new NotificationAttempt(r.GetInt32(0), DateTimeOffset.Parse(r.GetString(1)), r.IsDBNull(2) ? null : r.GetInt32(2), r.GetDouble(3),
                r.IsDBNull(4) ? null : r.GetString(4), r.IsDBNull(5) ? null : r.GetString(5), r.GetInt32(6) == 1));
        return list;
    }

    private object? Scalar(string sql, params (string Name, object Value)[] parameters)
    {
        lock (_gate)
        {
            using var command = _connection.CreateCommand();
            command.CommandText = sql;
            foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value);
            return command.ExecuteScalar();
        }
    }

    private void ExecuteLocked(string sql, params (string Name, object Value)[] parameters)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value);
        command.ExecuteNonQuery();
    }

    public void Insert(PaymentState p) => Write("""
        INSERT INTO payments VALUES ($client_id, $payment_request_id, $payment_id, $payment_session_id, $status, $result_code,
          $result_message, $currency, $value, $payment_method_type, $notify_url, $redirect_url, $created_at, $expires_at,
          $completed_at, $key_fields, $session_response, $outcome, $completes_at, $terminal_type)
        """, p);

    public void Update(PaymentState p) => Write("""
        UPDATE payments SET status = $status, result_code = $result_code, result_message = $result_message, completed_at = $completed_at,
          expires_at = $expires_at, outcome = $outcome, completes_at = $completes_at, payment_method_type = $payment_method_type,
          terminal_type = $terminal_type
        WHERE client_id = $client_id AND payment_request_id = $payment_request_id
        """, p);

    private void Write(string sql, PaymentState p)
    {
        lock (_gate) WriteLocked(sql, p);
    }

    private void WriteLocked(string sql, PaymentState p)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$client_id", p.ClientId);
        command.Parameters.AddWithValue("$payment_request_id", p.PaymentRequestId);
        command.Parameters.AddWithValue("$payment_id", p.PaymentId);
        command.Parameters.AddWithValue("$payment_session_id", p.PaymentSessionId);
        command.Parameters.AddWithValue("$status", p.Status.ToWireValue());
        command.Parameters.AddWithValue("$result_code", (object?)p.ResultCode ?? DBNull.Value);
        command.Parameters.AddWithValue("$result_message", (object?)p.ResultMessage ?? DBNull.Value);
        command.Parameters.AddWithValue("$currency", p.Currency);
        command.Parameters.AddWithValue("$value", p.Value);
        command.Parameters.AddWithValue("$payment_method_type", (object?)p.PaymentMethodType ?? DBNull.Value);
        command.Parameters.AddWithValue("$notify_url", (object?)p.NotifyUrl ?? DBNull.Value);
        command.Parameters.AddWithValue("$redirect_url", (object?)p.RedirectUrl ?? DBNull.Value);
        command.Parameters.AddWithValue("$created_at", Utc(p.CreatedAt));
        command.Parameters.AddWithValue("$expires_at", Utc(p.ExpiresAt));
        command.Parameters.AddWithValue("$completed_at", p.CompletedAt is { } c ? Utc(c) : DBNull.Value);
        command.Parameters.AddWithValue("$key_fields", p.KeyFields);
        command.Parameters.AddWithValue("$session_response", p.SessionResponse);
        command.Parameters.AddWithValue("$outcome", p.Outcome);
        command.Parameters.AddWithValue("$completes_at", p.CompletesAt is { } due ? Utc(due) : DBNull.Value);
        command.Parameters.AddWithValue("$terminal_type", p.TerminalType is { } terminal ? terminal.ToWireValue() : DBNull.Value);
        command.ExecuteNonQuery();
    }

    private PaymentState? Query(string sql, params (string Name, object Value)[] parameters)
    {
        lock (_gate) return QueryLocked(sql, parameters);
    }

    private PaymentState? QueryLocked(string sql, (string Name, object Value)[] parameters)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value);
        using var r = command.ExecuteReader();
        if (!r.Read()) return null;
        string? S(string column) => r.IsDBNull(r.GetOrdinal(column)) ? null : r.GetString(r.GetOrdinal(column));
        return new PaymentState(S("client_id")!, S("payment_request_id")!, S("payment_id")!, S("payment_session_id")!, Status(S("status")!),
            S("result_code"), S("result_message"), S("currency")!, S("value")!, S("payment_method_type"), S("notify_url"), S("redirect_url"),
            DateTimeOffset.Parse(S("created_at")!), DateTimeOffset.Parse(S("expires_at")!),
            S("completed_at") is { } completed ? DateTimeOffset.Parse(completed) : null, S("key_fields")!, S("session_response")!,
            S("outcome")!, S("completes_at") is { } completes ? DateTimeOffset.Parse(completes) : null,
            S("terminal_type") is { } t && TerminalTypeWire.TryParse(t, out var terminal) ? terminal : null);
    }

    private static PaymentStatus Status(string wire) =>
        PaymentStatusWire.TryParse(wire, out var status) ? status : throw new InvalidDataException($"simulator.db: a payment has status '{wire}', which is not a payment status");

    private void Execute(string sql)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    public void Dispose()
    {
        lock (_gate) _connection.Dispose();
    }
}
