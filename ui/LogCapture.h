#pragma once
// Routes every qDebug/qInfo/qWarning/qCritical (any thread) to the GUI: a Qt message handler that forwards
// each message to this object through a queued call, so logging never touches widgets from another thread and
// never re-enters the view. The previous handler still runs (stderr keeps its copy).
//
// A message handler is process-wide by nature; one LogCapture is installed at a time and uninstalls itself
// when destroyed.
#include "LogModel.h"

#include <QObject>

namespace icp {

class LogCapture final : public QObject
{
    Q_OBJECT
public:
    explicit LogCapture(QObject *parent = nullptr);
    ~LogCapture() override;

    void install();
    void uninstall();
    bool isInstalled() const;

Q_SIGNALS:
    void messageLogged(const icp::LogEntry &entry);

private:
    static void handler(QtMsgType type, const QMessageLogContext &context, const QString &message);
};

} // namespace icp
