using Kit.Contracts.Antom;

namespace Kit.Simulator.Engine;

/// <summary>Refunds and the refund outcomes QA forces, in the same database as the payments.</summary>
public sealed partial class SimulatorStore
{
    public RefundState? FindRefundByRequestId(string clientId, string refundRequestId) =>
        QueryRefunds("WHERE client_id = $c AND refund_request_id = $k", ("$c", clientId), ("$k", refundRequestId)).FirstOrDefault();

    public RefundState? FindRefundById(string clientId, string refundId) =>
        QueryRefunds("WHERE client_id = $c AND refund_id = $k", ("$c", clientId), ("$k", refundId)).FirstOrDefault();

    /// <summary>Every refund of a payment, oldest first.</summary>
    public IReadOnlyList<RefundState> RefundsOf(string clientId, string paymentId) =>
        QueryRefunds("WHERE client_id = $c AND payment_id = $p ORDER BY created_at", ("$c", clientId), ("$p", paymentId));

    /// <summary>Refunds in process whose result is due.</summary>
    public IReadOnlyList<RefundState> DueRefunds(DateTimeOffset now) =>
        QueryRefunds("WHERE status = 'PROCESSING' AND completes_at <= $now", ("$now", Utc(now)));

    public void InsertRefund(RefundState r) => Scalar("""
        INSERT INTO refunds VALUES ($c, $rr, $rid, $pid, $prid, $cur, $v, $s, $code, $msg, $url, $created, $completes, $completed, $key, $resp, $outcome)
        """, RefundParameters(r));

    public void UpdateRefund(RefundState r) => Scalar("""
        UPDATE refunds SET status = $s, result_code = $code, result_message = $msg, completes_at = $completes, completed_at = $completed,
          response = $resp, outcome = $outcome
        WHERE client_id = $c AND refund_request_id = $rr
        """, RefundParameters(r));

    /// <summary>Makes a refund that may not exist yet take a named refund outcome.</summary>
    public void ForceRefundOutcome(string clientId, string refundRequestId, string outcome) =>
        Scalar("INSERT INTO refund_outcomes VALUES ($c, $r, $o) ON CONFLICT(client_id, refund_request_id) DO UPDATE SET outcome = $o",
            ("$c", clientId), ("$r", refundRequestId), ("$o", outcome));

    public string? ForcedRefundOutcome(string clientId, string refundRequestId) =>
        Scalar("SELECT outcome FROM refund_outcomes WHERE client_id = $c AND refund_request_id = $r", ("$c", clientId), ("$r", refundRequestId)) as string;

    private static (string, object)[] RefundParameters(RefundState r) =>
    [
        ("$c", r.ClientId), ("$rr", r.RefundRequestId), ("$rid", r.RefundId), ("$pid", r.PaymentId), ("$prid", r.PaymentRequestId),
        ("$cur", r.Currency), ("$v", r.Value), ("$s", r.Status.ToWireValue()), ("$code", (object?)r.ResultCode ?? DBNull.Value),
        ("$msg", (object?)r.ResultMessage ?? DBNull.Value), ("$url", (object?)r.NotifyUrl ?? DBNull.Value), ("$created", Utc(r.CreatedAt)),
        ("$completes", r.CompletesAt is { } due ? Utc(due) : DBNull.Value), ("$completed", r.CompletedAt is { } at ? Utc(at) : DBNull.Value),
        ("$key", r.KeyFields), ("$resp", r.Response), ("$outcome", r.Outcome),
    ];

    private IReadOnlyList<RefundState> QueryRefunds(string where, params (string Name, object Value)[] parameters)
    {
        lock (_gate)
        {
            using var command = _connection.CreateCommand();
            command.CommandText = """
                SELECT client_id, refund_request_id, refund_id, payment_id, payment_request_id, currency, value, status, result_code, result_message,
                  notify_url, created_at, completes_at, completed_at, key_fields, response, outcome FROM refunds
                """ + " " + where;
            foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value);
            using var r = command.ExecuteReader();
            var list = new List<RefundState>();
            string? S(int i) => r.IsDBNull(i) ? null : r.GetString(i);
            DateTimeOffset? T(int i) => S(i) is { } t ? DateTimeOffset.Parse(t) : null;
            while (r.Read())
                list.Add(new RefundState(S(0)!, S(1)!, S(2)!, S(3)!, S(4)!, S(5)!, S(6)!,
                    RefundStatusWire.TryParse(S(7)!, out var status) ? status : throw new InvalidDataException($"simulator.db: a refund has status '{S(7)}'"),
                    S(8), S(9), S(10), T(11)!.Value, T(12), T(13), S(14)!, S(15)!, S(16)!));
            return list;
        }
    }
}
