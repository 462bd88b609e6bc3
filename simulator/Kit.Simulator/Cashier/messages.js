// The cashier's words in the three languages of the seed guide. Thai and Indonesian are written for buyers, not
// machine placeholders; {name} marks a value filled in at run time. Any other locale gets English.
window.KIT_MESSAGES = {
  en_US: {
    lang: 'en',
    title: 'Choose your bank',
    amountLabel: 'Amount to pay',
    payBefore: 'Pay before {time}',
    categories: { BANK_TRANSFER: 'Bank transfer', MOBILE_BANKING_APP: 'Mobile banking app', ONLINE_BANKING: 'Online banking' },
    empty: {
      MobileAppNotOnDesktop: 'Mobile banking apps open only on a phone. Open this page on your phone, or choose another way to pay.',
      AmountOutsideLimits: 'This amount is outside the limits your bank accepts. Please choose another way to pay.',
      UnknownBank: 'This bank is not available right now. Please choose another way to pay.',
      NoBankForCurrency: 'No bank here accepts this currency. Please choose another way to pay.'
    },
    notBank: 'Kit simulates bank payment methods only.',
    sessionFailed: 'This payment can no longer be completed. Please go back to the shop and try again.',
    bankPageTitle: '{bank}',
    bankPageNote: 'This is the Kit test bank. No real money moves.',
    confirmQuestion: 'Do you approve this payment to the merchant?',
    approve: 'Approve payment',
    decline: 'Decline payment',
    reasonLabel: 'Reason for declining',
    reasons: {
      USER_BALANCE_NOT_ENOUGH: 'Not enough money in the account',
      USER_AMOUNT_EXCEED_LIMIT: 'Over my daily transfer limit',
      RISK_REJECT: 'Rejected by the bank for security',
      USER_PAYMENT_VERIFICATION_FAILED: 'Verification failed',
      USER_STATUS_ABNORMAL: 'Account is frozen or closed'
    },
    abandon: 'Leave without paying',
    back: 'Back to banks',
    working: 'Contacting your bank…',
    result: {
      SDK_PAYMENT_SUCCESSFUL: 'Payment successful',
      SDK_PAYMENT_FAIL: 'Payment failed',
      SDK_PAYMENT_PROCESSING: 'Waiting for your bank to confirm',
      SDK_PAYMENT_CANCEL: 'You left without paying'
    },
    redirecting: 'Taking you back to the shop…',
    errorRetry: 'Something went wrong. Please try again.',
    leaveTitle: 'Leave this payment?',
    leaveMessage: 'Your payment is not finished. If you leave now, you will have to start again.',
    stay: 'Continue payment',
    leave: 'Leave'
  },
  th_TH: {
    lang: 'th',
    title: 'เลือกธนาคารของคุณ',
    amountLabel: 'ยอดที่ต้องชำระ',
    payBefore: 'กรุณาชำระภายใน {time}',
    categories: { BANK_TRANSFER: 'โอนผ่านธนาคาร', MOBILE_BANKING_APP: 'แอปโมบายแบงก์กิ้ง', ONLINE_BANKING: 'อินเทอร์เน็ตแบงก์กิ้ง' },
    empty: {
      MobileAppNotOnDesktop: 'แอปโมบายแบงก์กิ้งเปิดได้เฉพาะบนโทรศัพท์มือถือ กรุณาเปิดหน้านี้บนโทรศัพท์ของคุณ หรือเลือกวิธีชำระเงินอื่น',
      AmountOutsideLimits: 'ยอดชำระนี้อยู่นอกวงเงินที่ธนาคารรองรับ กรุณาเลือกวิธีชำระเงินอื่น',
      UnknownBank: 'ขณะนี้ยังไม่สามารถชำระผ่านธนาคารนี้ได้ กรุณาเลือกวิธีชำระเงินอื่น',
      NoBankForCurrency: 'ไม่มีธนาคารที่รับชำระด้วยสกุลเงินนี้ กรุณาเลือกวิธีชำระเงินอื่น'
    },
    notBank: 'Kit จำลองเฉพาะการชำระเงินผ่านธนาคารเท่านั้น',
    sessionFailed: 'รายการชำระเงินนี้ไม่สามารถดำเนินการต่อได้แล้ว กรุณากลับไปที่ร้านค้าแล้วลองใหม่อีกครั้ง',
    bankPageTitle: '{bank}',
    bankPageNote: 'นี่คือธนาคารทดสอบของ Kit ไม่มีการตัดเงินจริง',
    confirmQuestion: 'คุณยืนยันการชำระเงินให้ร้านค้านี้หรือไม่',
    approve: 'ยืนยันการชำระเงิน',
    decline: 'ปฏิเสธการชำระเงิน',
    reasonLabel: 'เหตุผลที่ปฏิเสธ',
    reasons: {
      USER_BALANCE_NOT_ENOUGH: 'ยอดเงินในบัญชีไม่เพียงพอ',
      USER_AMOUNT_EXCEED_LIMIT: 'เกินวงเงินโอนต่อวันของฉัน',
      RISK_REJECT: 'ธนาคารปฏิเสธรายการเพื่อความปลอดภัย',
      USER_PAYMENT_VERIFICATION_FAILED: 'ยืนยันตัวตนไม่สำเร็จ',
      USER_STATUS_ABNORMAL: 'บัญชีถูกระงับหรือปิดแล้ว'
    },
    abandon: 'ออกโดยไม่ชำระเงิน',
    back: 'กลับไปเลือกธนาคาร',
    working: 'กำลังติดต่อธนาคารของคุณ…',
    result: {
      SDK_PAYMENT_SUCCESSFUL: 'ชำระเงินสำเร็จ',
      SDK_PAYMENT_FAIL: 'การชำระเงินไม่สำเร็จ',
      SDK_PAYMENT_PROCESSING: 'กำลังรอการยืนยันจากธนาคาร',
      SDK_PAYMENT_CANCEL: 'คุณออกโดยยังไม่ได้ชำระเงิน'
    },
    redirecting: 'กำลังพาคุณกลับไปที่ร้านค้า…',
    errorRetry: 'เกิดข้อผิดพลาด กรุณาลองใหม่อีกครั้ง',
    leaveTitle: 'ต้องการออกจากการชำระเงินใช่ไหม',
    leaveMessage: 'การชำระเงินของคุณยังไม่เสร็จสมบูรณ์ หากออกตอนนี้ คุณจะต้องเริ่มต้นใหม่อีกครั้ง',
    stay: 'ชำระเงินต่อ',
    leave: 'ออก'
  },
  in_ID: {
    lang: 'id',
    title: 'Pilih bank Anda',
    amountLabel: 'Jumlah yang harus dibayar',
    payBefore: 'Bayar sebelum {time}',
    categories: { BANK_TRANSFER: 'Transfer bank', MOBILE_BANKING_APP: 'Aplikasi mobile banking', ONLINE_BANKING: 'Internet banking' },
    empty: {
      MobileAppNotOnDesktop: 'Aplikasi mobile banking hanya bisa dibuka di ponsel. Buka halaman ini di ponsel Anda, atau pilih cara pembayaran lain.',
      AmountOutsideLimits: 'Jumlah ini di luar batas yang diterima bank Anda. Silakan pilih cara pembayaran lain.',
      UnknownBank: 'Bank ini sedang tidak tersedia. Silakan pilih cara pembayaran lain.',
      NoBankForCurrency: 'Tidak ada bank di sini yang menerima mata uang ini. Silakan pilih cara pembayaran lain.'
    },
    notBank: 'Kit hanya menyimulasikan metode pembayaran bank.',
    sessionFailed: 'Pembayaran ini tidak dapat dilanjutkan lagi. Silakan kembali ke toko dan coba lagi.',
    bankPageTitle: '{bank}',
    bankPageNote: 'Ini adalah bank uji coba Kit. Tidak ada uang sungguhan yang berpindah.',
    confirmQuestion: 'Apakah Anda menyetujui pembayaran ke merchant ini?',
    approve: 'Setujui pembayaran',
    decline: 'Tolak pembayaran',
    reasonLabel: 'Alasan penolakan',
    reasons: {
      USER_BALANCE_NOT_ENOUGH: 'Saldo rekening tidak cukup',
      USER_AMOUNT_EXCEED_LIMIT: 'Melebihi batas transfer harian saya',
      RISK_REJECT: 'Ditolak bank demi keamanan',
      USER_PAYMENT_VERIFICATION_FAILED: 'Verifikasi gagal',
      USER_STATUS_ABNORMAL: 'Rekening dibekukan atau ditutup'
    },
    abandon: 'Keluar tanpa membayar',
    back: 'Kembali ke daftar bank',
    working: 'Menghubungi bank Anda…',
    result: {
      SDK_PAYMENT_SUCCESSFUL: 'Pembayaran berhasil',
      SDK_PAYMENT_FAIL: 'Pembayaran gagal',
      SDK_PAYMENT_PROCESSING: 'Menunggu konfirmasi dari bank Anda',
      SDK_PAYMENT_CANCEL: 'Anda keluar tanpa membayar'
    },
    redirecting: 'Mengarahkan Anda kembali ke toko…',
    errorRetry: 'Terjadi kesalahan. Silakan coba lagi.',
    leaveTitle: 'Tinggalkan pembayaran ini?',
    leaveMessage: 'Pembayaran Anda belum selesai. Jika keluar sekarang, Anda harus mengulang dari awal.',
    stay: 'Lanjutkan pembayaran',
    leave: 'Keluar'
  }
};
