#pragma once
// SIGINT and SIGTERM as a Qt signal, for a headless run that has no end of its own (the WFM ingest endpoint):
// the first one asks the run to stop and write its summary; the handlers are then reset, so a second one ends
// the process at once. One instance per process. The C handler only writes a byte to a socket pair; the
// event loop does the rest.

#include <QObject>

class QSocketNotifier;

namespace icp {

class StopSignal final : public QObject
{
    Q_OBJECT
public:
    explicit StopSignal(QObject *parent = nullptr);
    ~StopSignal() override; // restores the default handlers

    bool isInstalled() const { return m_notifier != nullptr; }

Q_SIGNALS:
    void stopRequested(int signalNumber);

private:
    void onReadable();

    QSocketNotifier *m_notifier = nullptr;
};

} // namespace icp
