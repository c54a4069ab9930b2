# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'workshop_editor.ui'
##
## Created by: Qt User Interface Compiler version 6.11.3
##
## WARNING! All changes made in this file will be lost when recompiling UI file!
################################################################################

from PySide6.QtCore import (QCoreApplication, QDate, QDateTime, QLocale,
    QMetaObject, QObject, QPoint, QRect,
    QSize, QTime, QUrl, Qt)
from PySide6.QtGui import (QBrush, QColor, QConicalGradient, QCursor,
    QFont, QFontDatabase, QGradient, QIcon,
    QImage, QKeySequence, QLinearGradient, QPainter,
    QPalette, QPixmap, QRadialGradient, QTransform)
from PySide6.QtWidgets import (QAbstractButton, QApplication, QCheckBox, QComboBox,
    QDialog, QDialogButtonBox, QFormLayout, QGridLayout,
    QGroupBox, QHBoxLayout, QLabel, QLineEdit,
    QPlainTextEdit, QSizePolicy, QSpacerItem, QVBoxLayout,
    QWidget)

from desktop.gui.widgets.dates import JalaliDateEdit
from desktop.gui.workshops.widgets import (DecimalSpinBox, IntegerSpinBox)

class Ui_WorkshopEditor(object):
    def setupUi(self, WorkshopEditor):
        if not WorkshopEditor.objectName():
            WorkshopEditor.setObjectName(u"WorkshopEditor")
        WorkshopEditor.resize(980, 560)
        WorkshopEditor.setModal(True)
        self.mainLayout = QVBoxLayout(WorkshopEditor)
        self.mainLayout.setSpacing(10)
        self.mainLayout.setObjectName(u"mainLayout")
        self.columns = QHBoxLayout()
        self.columns.setSpacing(12)
        self.columns.setObjectName(u"columns")
        self.workshopGroup = QGroupBox(WorkshopEditor)
        self.workshopGroup.setObjectName(u"workshopGroup")
        self.workshopGroupLayout = QVBoxLayout(self.workshopGroup)
        self.workshopGroupLayout.setObjectName(u"workshopGroupLayout")
        self.workshopForm = QFormLayout()
        self.workshopForm.setObjectName(u"workshopForm")
        self.workshopForm.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.workshopForm.setLabelAlignment(Qt.AlignmentFlag.AlignLeading|Qt.AlignmentFlag.AlignVCenter)
        self.titleLabel = QLabel(self.workshopGroup)
        self.titleLabel.setObjectName(u"titleLabel")

        self.workshopForm.setWidget(0, QFormLayout.ItemRole.LabelRole, self.titleLabel)

        self.titleColumn = QVBoxLayout()
        self.titleColumn.setSpacing(2)
        self.titleColumn.setObjectName(u"titleColumn")
        self.title = QLineEdit(self.workshopGroup)
        self.title.setObjectName(u"title")

        self.titleColumn.addWidget(self.title)

        self.titleError = QLabel(self.workshopGroup)
        self.titleError.setObjectName(u"titleError")
        self.titleError.setText(u"")

        self.titleColumn.addWidget(self.titleError)


        self.workshopForm.setLayout(0, QFormLayout.ItemRole.FieldRole, self.titleColumn)

        self.skillLabel = QLabel(self.workshopGroup)
        self.skillLabel.setObjectName(u"skillLabel")

        self.workshopForm.setWidget(1, QFormLayout.ItemRole.LabelRole, self.skillLabel)

        self.skillColumn = QVBoxLayout()
        self.skillColumn.setSpacing(2)
        self.skillColumn.setObjectName(u"skillColumn")
        self.skill = QComboBox(self.workshopGroup)
        self.skill.setObjectName(u"skill")

        self.skillColumn.addWidget(self.skill)

        self.skillError = QLabel(self.workshopGroup)
        self.skillError.setObjectName(u"skillError")
        self.skillError.setText(u"")

        self.skillColumn.addWidget(self.skillError)


        self.workshopForm.setLayout(1, QFormLayout.ItemRole.FieldRole, self.skillColumn)

        self.partnerLabel = QLabel(self.workshopGroup)
        self.partnerLabel.setObjectName(u"partnerLabel")

        self.workshopForm.setWidget(2, QFormLayout.ItemRole.LabelRole, self.partnerLabel)

        self.partnerColumn = QVBoxLayout()
        self.partnerColumn.setSpacing(2)
        self.partnerColumn.setObjectName(u"partnerColumn")
        self.partner = QComboBox(self.workshopGroup)
        self.partner.setObjectName(u"partner")

        self.partnerColumn.addWidget(self.partner)

        self.partnerError = QLabel(self.workshopGroup)
        self.partnerError.setObjectName(u"partnerError")
        self.partnerError.setText(u"")

        self.partnerColumn.addWidget(self.partnerError)


        self.workshopForm.setLayout(2, QFormLayout.ItemRole.FieldRole, self.partnerColumn)

        self.trainerLabel = QLabel(self.workshopGroup)
        self.trainerLabel.setObjectName(u"trainerLabel")

        self.workshopForm.setWidget(3, QFormLayout.ItemRole.LabelRole, self.trainerLabel)

        self.trainerColumn = QVBoxLayout()
        self.trainerColumn.setSpacing(2)
        self.trainerColumn.setObjectName(u"trainerColumn")
        self.trainer = QLineEdit(self.workshopGroup)
        self.trainer.setObjectName(u"trainer")

        self.trainerColumn.addWidget(self.trainer)

        self.trainerError = QLabel(self.workshopGroup)
        self.trainerError.setObjectName(u"trainerError")
        self.trainerError.setText(u"")

        self.trainerColumn.addWidget(self.trainerError)


        self.workshopForm.setLayout(3, QFormLayout.ItemRole.FieldRole, self.trainerColumn)

        self.placeLabel = QLabel(self.workshopGroup)
        self.placeLabel.setObjectName(u"placeLabel")

        self.workshopForm.setWidget(4, QFormLayout.ItemRole.LabelRole, self.placeLabel)

        self.placeColumn = QVBoxLayout()
        self.placeColumn.setSpacing(2)
        self.placeColumn.setObjectName(u"placeColumn")
        self.place = QLineEdit(self.workshopGroup)
        self.place.setObjectName(u"place")

        self.placeColumn.addWidget(self.place)

        self.placeError = QLabel(self.workshopGroup)
        self.placeError.setObjectName(u"placeError")
        self.placeError.setText(u"")

        self.placeColumn.addWidget(self.placeError)


        self.workshopForm.setLayout(4, QFormLayout.ItemRole.FieldRole, self.placeColumn)

        self.notesLabel = QLabel(self.workshopGroup)
        self.notesLabel.setObjectName(u"notesLabel")

        self.workshopForm.setWidget(5, QFormLayout.ItemRole.LabelRole, self.notesLabel)

        self.notesColumn = QVBoxLayout()
        self.notesColumn.setSpacing(2)
        self.notesColumn.setObjectName(u"notesColumn")
        self.notes = QPlainTextEdit(self.workshopGroup)
        self.notes.setObjectName(u"notes")

        self.notesColumn.addWidget(self.notes)

        self.notesError = QLabel(self.workshopGroup)
        self.notesError.setObjectName(u"notesError")
        self.notesError.setText(u"")

        self.notesColumn.addWidget(self.notesError)


        self.workshopForm.setLayout(5, QFormLayout.ItemRole.FieldRole, self.notesColumn)


        self.workshopGroupLayout.addLayout(self.workshopForm)


        self.columns.addWidget(self.workshopGroup)

        self.planGroup = QGroupBox(WorkshopEditor)
        self.planGroup.setObjectName(u"planGroup")
        self.planGroupLayout = QVBoxLayout(self.planGroup)
        self.planGroupLayout.setObjectName(u"planGroupLayout")
        self.planForm = QFormLayout()
        self.planForm.setObjectName(u"planForm")
        self.planForm.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.planForm.setLabelAlignment(Qt.AlignmentFlag.AlignLeading|Qt.AlignmentFlag.AlignVCenter)
        self.capacityLabel = QLabel(self.planGroup)
        self.capacityLabel.setObjectName(u"capacityLabel")

        self.planForm.setWidget(0, QFormLayout.ItemRole.LabelRole, self.capacityLabel)

        self.capacityColumn = QVBoxLayout()
        self.capacityColumn.setSpacing(2)
        self.capacityColumn.setObjectName(u"capacityColumn")
        self.capacity = IntegerSpinBox(self.planGroup)
        self.capacity.setObjectName(u"capacity")

        self.capacityColumn.addWidget(self.capacity)

        self.capacityError = QLabel(self.planGroup)
        self.capacityError.setObjectName(u"capacityError")
        self.capacityError.setText(u"")

        self.capacityColumn.addWidget(self.capacityError)


        self.planForm.setLayout(0, QFormLayout.ItemRole.FieldRole, self.capacityColumn)

        self.plannedHoursLabel = QLabel(self.planGroup)
        self.plannedHoursLabel.setObjectName(u"plannedHoursLabel")

        self.planForm.setWidget(1, QFormLayout.ItemRole.LabelRole, self.plannedHoursLabel)

        self.plannedHoursColumn = QVBoxLayout()
        self.plannedHoursColumn.setSpacing(2)
        self.plannedHoursColumn.setObjectName(u"plannedHoursColumn")
        self.plannedHours = DecimalSpinBox(self.planGroup)
        self.plannedHours.setObjectName(u"plannedHours")

        self.plannedHoursColumn.addWidget(self.plannedHours)

        self.plannedHoursError = QLabel(self.planGroup)
        self.plannedHoursError.setObjectName(u"plannedHoursError")
        self.plannedHoursError.setText(u"")

        self.plannedHoursColumn.addWidget(self.plannedHoursError)


        self.planForm.setLayout(1, QFormLayout.ItemRole.FieldRole, self.plannedHoursColumn)

        self.startDateLabel = QLabel(self.planGroup)
        self.startDateLabel.setObjectName(u"startDateLabel")

        self.planForm.setWidget(2, QFormLayout.ItemRole.LabelRole, self.startDateLabel)

        self.startDateColumn = QVBoxLayout()
        self.startDateColumn.setSpacing(2)
        self.startDateColumn.setObjectName(u"startDateColumn")
        self.startDate = JalaliDateEdit(self.planGroup)
        self.startDate.setObjectName(u"startDate")

        self.startDateColumn.addWidget(self.startDate)

        self.startDateError = QLabel(self.planGroup)
        self.startDateError.setObjectName(u"startDateError")
        self.startDateError.setText(u"")

        self.startDateColumn.addWidget(self.startDateError)


        self.planForm.setLayout(2, QFormLayout.ItemRole.FieldRole, self.startDateColumn)

        self.endDateLabel = QLabel(self.planGroup)
        self.endDateLabel.setObjectName(u"endDateLabel")

        self.planForm.setWidget(3, QFormLayout.ItemRole.LabelRole, self.endDateLabel)

        self.endDateColumn = QVBoxLayout()
        self.endDateColumn.setSpacing(2)
        self.endDateColumn.setObjectName(u"endDateColumn")
        self.endDate = JalaliDateEdit(self.planGroup)
        self.endDate.setObjectName(u"endDate")

        self.endDateColumn.addWidget(self.endDate)

        self.endDateError = QLabel(self.planGroup)
        self.endDateError.setObjectName(u"endDateError")
        self.endDateError.setText(u"")

        self.endDateColumn.addWidget(self.endDateError)


        self.planForm.setLayout(3, QFormLayout.ItemRole.FieldRole, self.endDateColumn)

        self.ruleGroup = QGroupBox(self.planGroup)
        self.ruleGroup.setObjectName(u"ruleGroup")
        self.ruleLayout = QGridLayout(self.ruleGroup)
        self.ruleLayout.setObjectName(u"ruleLayout")
        self.useAttendance = QCheckBox(self.ruleGroup)
        self.useAttendance.setObjectName(u"useAttendance")

        self.ruleLayout.addWidget(self.useAttendance, 0, 0, 1, 1)

        self.minAttendance = IntegerSpinBox(self.ruleGroup)
        self.minAttendance.setObjectName(u"minAttendance")

        self.ruleLayout.addWidget(self.minAttendance, 0, 1, 1, 1)

        self.useLevel = QCheckBox(self.ruleGroup)
        self.useLevel.setObjectName(u"useLevel")

        self.ruleLayout.addWidget(self.useLevel, 1, 0, 1, 1)

        self.minLevel = QComboBox(self.ruleGroup)
        self.minLevel.setObjectName(u"minLevel")

        self.ruleLayout.addWidget(self.minLevel, 1, 1, 1, 1)

        self.ruleHint = QLabel(self.ruleGroup)
        self.ruleHint.setObjectName(u"ruleHint")
        self.ruleHint.setWordWrap(True)

        self.ruleLayout.addWidget(self.ruleHint, 2, 0, 1, 2)

        self.ruleError = QLabel(self.ruleGroup)
        self.ruleError.setObjectName(u"ruleError")
        self.ruleError.setText(u"")

        self.ruleLayout.addWidget(self.ruleError, 3, 0, 1, 2)


        self.planForm.setWidget(4, QFormLayout.ItemRole.SpanningRole, self.ruleGroup)


        self.planGroupLayout.addLayout(self.planForm)

        self.planSpacer = QSpacerItem(0, 0, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding)

        self.planGroupLayout.addItem(self.planSpacer)


        self.columns.addWidget(self.planGroup)


        self.mainLayout.addLayout(self.columns)

        self.messageLabel = QLabel(WorkshopEditor)
        self.messageLabel.setObjectName(u"messageLabel")
        self.messageLabel.setText(u"")

        self.mainLayout.addWidget(self.messageLabel)

        self.buttons = QDialogButtonBox(WorkshopEditor)
        self.buttons.setObjectName(u"buttons")
        self.buttons.setStandardButtons(QDialogButtonBox.StandardButton.Cancel|QDialogButtonBox.StandardButton.Save)

        self.mainLayout.addWidget(self.buttons)

#if QT_CONFIG(shortcut)
        self.titleLabel.setBuddy(self.title)
        self.skillLabel.setBuddy(self.skill)
        self.partnerLabel.setBuddy(self.partner)
        self.trainerLabel.setBuddy(self.trainer)
        self.placeLabel.setBuddy(self.place)
        self.notesLabel.setBuddy(self.notes)
        self.capacityLabel.setBuddy(self.capacity)
        self.plannedHoursLabel.setBuddy(self.plannedHours)
        self.startDateLabel.setBuddy(self.startDate)
        self.endDateLabel.setBuddy(self.endDate)
#endif // QT_CONFIG(shortcut)
        QWidget.setTabOrder(self.title, self.skill)
        QWidget.setTabOrder(self.skill, self.partner)
        QWidget.setTabOrder(self.partner, self.trainer)
        QWidget.setTabOrder(self.trainer, self.place)
        QWidget.setTabOrder(self.place, self.notes)
        QWidget.setTabOrder(self.notes, self.capacity)
        QWidget.setTabOrder(self.capacity, self.plannedHours)
        QWidget.setTabOrder(self.plannedHours, self.startDate)
        QWidget.setTabOrder(self.startDate, self.endDate)
        QWidget.setTabOrder(self.endDate, self.useAttendance)
        QWidget.setTabOrder(self.useAttendance, self.minAttendance)
        QWidget.setTabOrder(self.minAttendance, self.useLevel)
        QWidget.setTabOrder(self.useLevel, self.minLevel)

        self.retranslateUi(WorkshopEditor)

        QMetaObject.connectSlotsByName(WorkshopEditor)
    # setupUi

    def retranslateUi(self, WorkshopEditor):
        WorkshopEditor.setWindowTitle(QCoreApplication.translate("WorkshopEditor", u"Workshop", None))
        self.workshopGroup.setTitle(QCoreApplication.translate("WorkshopEditor", u"Workshop", None))
        self.titleLabel.setText(QCoreApplication.translate("WorkshopEditor", u"&Title:", None))
        self.skillLabel.setText(QCoreApplication.translate("WorkshopEditor", u"&Skill:", None))
        self.partnerLabel.setText(QCoreApplication.translate("WorkshopEditor", u"&Partner organisation:", None))
        self.trainerLabel.setText(QCoreApplication.translate("WorkshopEditor", u"T&rainer:", None))
        self.placeLabel.setText(QCoreApplication.translate("WorkshopEditor", u"P&lace:", None))
        self.notesLabel.setText(QCoreApplication.translate("WorkshopEditor", u"&Notes:", None))
        self.planGroup.setTitle(QCoreApplication.translate("WorkshopEditor", u"Plan and completion", None))
        self.capacityLabel.setText(QCoreApplication.translate("WorkshopEditor", u"&Capacity:", None))
        self.plannedHoursLabel.setText(QCoreApplication.translate("WorkshopEditor", u"Planned &hours:", None))
        self.startDateLabel.setText(QCoreApplication.translate("WorkshopEditor", u"Start &date:", None))
        self.endDateLabel.setText(QCoreApplication.translate("WorkshopEditor", u"&End date:", None))
        self.ruleGroup.setTitle(QCoreApplication.translate("WorkshopEditor", u"Completion rule (for the certificate)", None))
        self.useAttendance.setText(QCoreApplication.translate("WorkshopEditor", u"Minimum &attendance (share of held sessions):", None))
        self.useLevel.setText(QCoreApplication.translate("WorkshopEditor", u"Minimum final assessment &level:", None))
        self.ruleHint.setText(QCoreApplication.translate("WorkshopEditor", u"Attended means present or late; an excused absence does not count as attended.", None))
    # retranslateUi

