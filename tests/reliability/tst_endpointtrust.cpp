// Trust in endpoints: region URLs must be https unless on loopback, a TLS certificate error fails the request
// with its reasons, and only the loudly named --allow-insecure-tls (NetworkTransport::setAllowInsecureTls) lets
// an untrusted certificate through. The TLS server is a QSslServer on loopback with a self-signed certificate
// made for this test (tests/reliability/data/untrusted-test-*.pem; it protects nothing).
#include "ReliabilityRig.h"

#include "ApiError.h"
#include "EndpointPolicy.h"
#include "NetworkTransport.h"

#include <QSslKey>
#include <QSslServer>
#include <QSslSocket>
#include <QTemporaryDir>

using namespace icp;
using namespace icp::reliability;

namespace {

// Answers every request with 200 "{}" over TLS.
class TinyTlsServer
{
public:
    bool listen(QString *error)
    {
        QFile certFile(dataFile(QStringLiteral("untrusted-test-cert.pem")));
        QFile keyFile(dataFile(QStringLiteral("untrusted-test-key.pem")));
        if (!certFile.open(QIODevice::ReadOnly) || !keyFile.open(QIODevice::ReadOnly)) {
            *error = QStringLiteral("test certificate missing");
            return false;
        }
        QSslConfiguration config = QSslConfiguration::defaultConfiguration();
        config.setLocalCertificate(QSslCertificate(certFile.readAll(), QSsl::Pem));
        config.setPrivateKey(QSslKey(keyFile.readAll(), QSsl::Rsa, QSsl::Pem));
        config.setPeerVerifyMode(QSslSocket::VerifyNone);
        m_server.setSslConfiguration(config);
        QObject::connect(&m_server, &QTcpServer::pendingConnectionAvailable, &m_server, [this]() {
            while (QTcpSocket *socket = m_server.nextPendingConnection()) {
                auto buffer = std::make_shared<QByteArray>();
                QObject::connect(socket, &QTcpSocket::readyRead, socket, [socket, buffer]() {
                    *buffer += socket->readAll();
                    if (!buffer->contains("\r\n\r\n"))
                        return;
                    socket->write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n"
                                  "Connection: close\r\n\r\n{}");
                    socket->disconnectFromHost();
                });
                QObject::connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
            }
        });
        if (!m_server.listen(QHostAddress::LocalHost, 0)) {
            *error = m_server.errorString();
            return false;
        }
        return true;
    }
    QUrl url() const { return QUrl(QStringLiteral("https://127.0.0.1:%1/api/v1/icp/skillgroups").arg(m_server.serverPort())); }

private:
    QSslServer m_server;
};

HttpResponse exchange(NetworkTransport &transport, const QUrl &url)
{
    HttpResponse answer;
    bool done = false;
    HttpRequest req;
    req.method = "GET";
    req.url = url;
    req.timeoutMs = 10000;
    transport.send(req, [&](const HttpResponse &r) {
        answer = r;
        done = true;
    });
    if (!QTest::qWaitFor([&]() { return done; }, 15000))
        answer.errorText = QStringLiteral("no answer");
    return answer;
}

} // namespace

class TestEndpointTrust : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void endpointPolicy_data();
    void endpointPolicy();
    void headlessRefusesPlainHttpToAnotherHost();
    void certificateErrorFailsWithReason();
    void allowInsecureTlsAcceptsUntrustedCertificate();
};

void TestEndpointTrust::endpointPolicy_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<bool>("allowed");
    QTest::newRow("https anywhere") << QStringLiteral("https://api.mypurecloud.example") << true;
    QTest::newRow("http on 127.0.0.1") << QStringLiteral("http://127.0.0.1:18080") << true;
    QTest::newRow("http on 127.8.9.10") << QStringLiteral("http://127.8.9.10:18080") << true;
    QTest::newRow("http on localhost") << QStringLiteral("http://localhost:18080") << true;
    QTest::newRow("http on [::1]") << QStringLiteral("http://[::1]:18080") << true;
    QTest::newRow("http to a LAN address") << QStringLiteral("http://192.168.1.20:18080") << false;
    QTest::newRow("http to a host name") << QStringLiteral("http://icp.lab.example:80") << false;
    QTest::newRow("http to localhost.evil") << QStringLiteral("http://localhost.evil.example") << false;
    QTest::newRow("ftp") << QStringLiteral("ftp://127.0.0.1/") << false;
    QTest::newRow("no host") << QStringLiteral("https:///path") << false;
}

void TestEndpointTrust::endpointPolicy()
{
    QFETCH(QString, url);
    QFETCH(bool, allowed);
    const QString error = EndpointPolicy::check(QStringLiteral("ap-southeast-1"), QUrl(url));
    QCOMPARE(error.isEmpty(), allowed);
    if (!allowed)
        QVERIFY2(error.startsWith(QStringLiteral("ap-southeast-1: ")), qPrintable(error));
}

void TestEndpointTrust::headlessRefusesPlainHttpToAnotherHost()
{
    QTemporaryDir dir;
    QProcess p;
    p.setWorkingDirectory(dir.path());
    p.start(QStringLiteral(ICP_CONSOLE_BINARY),
            {QStringLiteral("--headless"), QStringLiteral("--scenario"), dataFile(QStringLiteral("faults-small.json")),
             QStringLiteral("--db"), dir.filePath(QStringLiteral("outbox.db")), QStringLiteral("--region-url"),
             QStringLiteral("ap-southeast-1=http://192.0.2.10:8080")});
    QVERIFY(p.waitForFinished(30000));
    const QByteArray err = p.readAllStandardError();
    QCOMPARE(p.exitCode(), 2);
    QVERIFY2(err.contains("http://192.0.2.10:8080") && err.contains("Use https"), err.constData());
}

void TestEndpointTrust::certificateErrorFailsWithReason()
{
    if (!QSslSocket::supportsSsl())
        QSKIP("no TLS backend in this Qt build");
    TinyTlsServer server;
    QString error;
    QVERIFY2(server.listen(&error), qPrintable(error));
    NetworkTransport transport;
    const HttpResponse r = exchange(transport, server.url());
    QCOMPARE(r.status, 0);
    QVERIFY(r.isTransportError());
    QVERIFY2(r.errorText.startsWith(QStringLiteral("TLS certificate of 127.0.0.1 rejected: ")), qPrintable(r.errorText));
    QVERIFY2(r.errorText.contains(QStringLiteral("self signed"), Qt::CaseInsensitive)
                 || r.errorText.contains(QStringLiteral("self-signed"), Qt::CaseInsensitive),
             qPrintable(r.errorText));
    qInfo("%s", qPrintable(r.errorText));
    QVERIFY2(ApiError::fromResponse(r).summary().contains(QStringLiteral("TLS certificate")),
             qPrintable(ApiError::fromResponse(r).summary()));
}

void TestEndpointTrust::allowInsecureTlsAcceptsUntrustedCertificate()
{
    if (!QSslSocket::supportsSsl())
        QSKIP("no TLS backend in this Qt build");
    TinyTlsServer server;
    QString error;
    QVERIFY2(server.listen(&error), qPrintable(error));
    NetworkTransport transport;
    transport.setAllowInsecureTls(true);
    const HttpResponse r = exchange(transport, server.url());
    QVERIFY2(!r.isTransportError(), qPrintable(r.errorText));
    QCOMPARE(r.status, 200);
    QCOMPARE(r.body, QByteArray("{}"));
}

QTEST_GUILESS_MAIN(TestEndpointTrust)
#include "tst_endpointtrust.moc"
