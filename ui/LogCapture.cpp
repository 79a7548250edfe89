#include "LogCapture.h"

#include <QDateTime>
#include <QMutex>
#include <QMutexLocker>

namespace icp {

namespace {
// The handler is a plain function: it can only find its receiver through process state.
QMutex s_mutex;
LogCapture *s_capture = nullptr;
QtMessageHandler s_previous = nullptr;
} // namespace

LogCapture::LogCapture(QObject *parent)
    : QObject(parent)
{
}

LogCapture::~LogCapture()
{
    uninstall();
}

void LogCapture::install()
{
    QMutexLocker lock(&s_mutex);
    if (s_capture == this)
        return;
    if (!s_capture)
        s_previous = qInstallMessageHandler(&LogCapture::handler);
    s_capture = this;
}

void LogCapture::uninstall()
{
    QMutexLocker lock(&s_mutex);
    if (s_capture != this)
        return;
    qInstallMessageHandler(s_previous);
    s_previous = nullptr;
    s_capture = nullptr;
}

bool LogCapture::isInstalled() const
{
    QMutexLocker lock(&s_mutex);
    return s_capture == this;
}

void LogCapture::handler(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    QtMessageHandler previous = nullptr;
    {
        QMutexLocker lock(&s_mutex);
        previous = s_previous;
        if (s_capture) {
            LogEntry entry{QDateTime::currentMSecsSinceEpoch(), type,
                           context.category ? QString::fromLatin1(context.category) : QStringLiteral("default"),
                           message};
            LogCapture *capture = s_capture;
            // Queued even on the GUI thread: a message logged while a view repaints must not re-enter it.
            QMetaObject::invokeMethod(
                capture, [capture, entry]() { Q_EMIT capture->messageLogged(entry); }, Qt::QueuedConnection);
        }
    }
    if (previous) // Qt returns its default handler when none was installed, so stderr keeps its copy
        previous(type, context, message);
}

} // namespace icp
