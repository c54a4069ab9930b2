# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'setup_wizard.ui'
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
from PySide6.QtWidgets import (QApplication, QFormLayout, QLabel, QLineEdit,
    QRadioButton, QSizePolicy, QSpacerItem, QVBoxLayout,
    QWidget, QWizard)

from desktop.gui.wizard_pages import ValidatedPage

class Ui_SetupWizard(object):
    def setupUi(self, SetupWizard):
        if not SetupWizard.objectName():
            SetupWizard.setObjectName(u"SetupWizard")
        SetupWizard.resize(720, 560)
        SetupWizard.setModal(True)
        SetupWizard.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        SetupWizard.setOptions(QWizard.WizardOption.NoBackButtonOnStartPage)
        self.startPage = ValidatedPage()
        self.startPage.setObjectName(u"startPage")
        self.startLayout = QVBoxLayout(self.startPage)
        self.startLayout.setObjectName(u"startLayout")
        self.newOfficeChoice = QRadioButton(self.startPage)
        self.newOfficeChoice.setObjectName(u"newOfficeChoice")
        self.newOfficeChoice.setChecked(True)

        self.startLayout.addWidget(self.newOfficeChoice)

        self.enrolmentChoice = QRadioButton(self.startPage)
        self.enrolmentChoice.setObjectName(u"enrolmentChoice")
        self.enrolmentChoice.setEnabled(False)

        self.startLayout.addWidget(self.enrolmentChoice)

        self.enrolmentNote = QLabel(self.startPage)
        self.enrolmentNote.setObjectName(u"enrolmentNote")
        self.enrolmentNote.setWordWrap(True)

        self.startLayout.addWidget(self.enrolmentNote)

        self.startSpacer = QSpacerItem(20, 20, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding)

        self.startLayout.addItem(self.startSpacer)

        self.databaseNote = QLabel(self.startPage)
        self.databaseNote.setObjectName(u"databaseNote")
        self.databaseNote.setText(u"")
        self.databaseNote.setWordWrap(True)

        self.startLayout.addWidget(self.databaseNote)

        SetupWizard.addPage(self.startPage)
        self.officePage = ValidatedPage()
        self.officePage.setObjectName(u"officePage")
        self.officeLayout = QVBoxLayout(self.officePage)
        self.officeLayout.setObjectName(u"officeLayout")
        self.officeForm = QFormLayout()
        self.officeForm.setObjectName(u"officeForm")
        self.officeForm.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.officeForm.setLabelAlignment(Qt.AlignmentFlag.AlignLeading|Qt.AlignmentFlag.AlignVCenter)
        self.officeForm.setVerticalSpacing(4)
        self.provinceLabel = QLabel(self.officePage)
        self.provinceLabel.setObjectName(u"provinceLabel")

        self.officeForm.setWidget(0, QFormLayout.ItemRole.LabelRole, self.provinceLabel)

        self.province = QLineEdit(self.officePage)
        self.province.setObjectName(u"province")
        self.province.setMaxLength(100)

        self.officeForm.setWidget(0, QFormLayout.ItemRole.FieldRole, self.province)

        self.provinceError = QLabel(self.officePage)
        self.provinceError.setObjectName(u"provinceError")
        self.provinceError.setText(u"")
        self.provinceError.setWordWrap(True)

        self.officeForm.setWidget(1, QFormLayout.ItemRole.FieldRole, self.provinceError)

        self.countyLabel = QLabel(self.officePage)
        self.countyLabel.setObjectName(u"countyLabel")

        self.officeForm.setWidget(2, QFormLayout.ItemRole.LabelRole, self.countyLabel)

        self.county = QLineEdit(self.officePage)
        self.county.setObjectName(u"county")
        self.county.setMaxLength(100)

        self.officeForm.setWidget(2, QFormLayout.ItemRole.FieldRole, self.county)

        self.countyError = QLabel(self.officePage)
        self.countyError.setObjectName(u"countyError")
        self.countyError.setText(u"")
        self.countyError.setWordWrap(True)

        self.officeForm.setWidget(3, QFormLayout.ItemRole.FieldRole, self.countyError)

        self.officeCodeLabel = QLabel(self.officePage)
        self.officeCodeLabel.setObjectName(u"officeCodeLabel")

        self.officeForm.setWidget(4, QFormLayout.ItemRole.LabelRole, self.officeCodeLabel)

        self.officeCode = QLineEdit(self.officePage)
        self.officeCode.setObjectName(u"officeCode")
        self.officeCode.setInputMethodHints(Qt.InputMethodHint.ImhLatinOnly|Qt.InputMethodHint.ImhNoAutoUppercase|Qt.InputMethodHint.ImhNoPredictiveText)
        self.officeCode.setMaxLength(12)

        self.officeForm.setWidget(4, QFormLayout.ItemRole.FieldRole, self.officeCode)

        self.officeCodeError = QLabel(self.officePage)
        self.officeCodeError.setObjectName(u"officeCodeError")
        self.officeCodeError.setText(u"")
        self.officeCodeError.setWordWrap(True)

        self.officeForm.setWidget(5, QFormLayout.ItemRole.FieldRole, self.officeCodeError)

        self.officeNameLabel = QLabel(self.officePage)
        self.officeNameLabel.setObjectName(u"officeNameLabel")

        self.officeForm.setWidget(6, QFormLayout.ItemRole.LabelRole, self.officeNameLabel)

        self.officeName = QLineEdit(self.officePage)
        self.officeName.setObjectName(u"officeName")
        self.officeName.setMaxLength(200)

        self.officeForm.setWidget(6, QFormLayout.ItemRole.FieldRole, self.officeName)

        self.officeNameError = QLabel(self.officePage)
        self.officeNameError.setObjectName(u"officeNameError")
        self.officeNameError.setText(u"")
        self.officeNameError.setWordWrap(True)

        self.officeForm.setWidget(7, QFormLayout.ItemRole.FieldRole, self.officeNameError)


        self.officeLayout.addLayout(self.officeForm)

        self.officeSpacer = QSpacerItem(20, 20, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding)

        self.officeLayout.addItem(self.officeSpacer)

        SetupWizard.addPage(self.officePage)
        self.userPage = ValidatedPage()
        self.userPage.setObjectName(u"userPage")
        self.userLayout = QVBoxLayout(self.userPage)
        self.userLayout.setObjectName(u"userLayout")
        self.userForm = QFormLayout()
        self.userForm.setObjectName(u"userForm")
        self.userForm.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.userForm.setLabelAlignment(Qt.AlignmentFlag.AlignLeading|Qt.AlignmentFlag.AlignVCenter)
        self.userForm.setVerticalSpacing(4)
        self.fullNameLabel = QLabel(self.userPage)
        self.fullNameLabel.setObjectName(u"fullNameLabel")

        self.userForm.setWidget(0, QFormLayout.ItemRole.LabelRole, self.fullNameLabel)

        self.fullName = QLineEdit(self.userPage)
        self.fullName.setObjectName(u"fullName")
        self.fullName.setMaxLength(200)

        self.userForm.setWidget(0, QFormLayout.ItemRole.FieldRole, self.fullName)

        self.fullNameError = QLabel(self.userPage)
        self.fullNameError.setObjectName(u"fullNameError")
        self.fullNameError.setText(u"")
        self.fullNameError.setWordWrap(True)

        self.userForm.setWidget(1, QFormLayout.ItemRole.FieldRole, self.fullNameError)

        self.usernameLabel = QLabel(self.userPage)
        self.usernameLabel.setObjectName(u"usernameLabel")

        self.userForm.setWidget(2, QFormLayout.ItemRole.LabelRole, self.usernameLabel)

        self.username = QLineEdit(self.userPage)
        self.username.setObjectName(u"username")
        self.username.setInputMethodHints(Qt.InputMethodHint.ImhLatinOnly|Qt.InputMethodHint.ImhNoAutoUppercase|Qt.InputMethodHint.ImhNoPredictiveText)
        self.username.setMaxLength(32)

        self.userForm.setWidget(2, QFormLayout.ItemRole.FieldRole, self.username)

        self.usernameError = QLabel(self.userPage)
        self.usernameError.setObjectName(u"usernameError")
        self.usernameError.setText(u"")
        self.usernameError.setWordWrap(True)

        self.userForm.setWidget(3, QFormLayout.ItemRole.FieldRole, self.usernameError)

        self.passwordLabel = QLabel(self.userPage)
        self.passwordLabel.setObjectName(u"passwordLabel")

        self.userForm.setWidget(4, QFormLayout.ItemRole.LabelRole, self.passwordLabel)

        self.password = QLineEdit(self.userPage)
        self.password.setObjectName(u"password")
        self.password.setInputMethodHints(Qt.InputMethodHint.ImhHiddenText|Qt.InputMethodHint.ImhNoAutoUppercase|Qt.InputMethodHint.ImhNoPredictiveText|Qt.InputMethodHint.ImhSensitiveData)
        self.password.setEchoMode(QLineEdit.EchoMode.Password)

        self.userForm.setWidget(4, QFormLayout.ItemRole.FieldRole, self.password)

        self.passwordError = QLabel(self.userPage)
        self.passwordError.setObjectName(u"passwordError")
        self.passwordError.setText(u"")
        self.passwordError.setWordWrap(True)

        self.userForm.setWidget(5, QFormLayout.ItemRole.FieldRole, self.passwordError)

        self.repeatLabel = QLabel(self.userPage)
        self.repeatLabel.setObjectName(u"repeatLabel")

        self.userForm.setWidget(6, QFormLayout.ItemRole.LabelRole, self.repeatLabel)

        self.repeat = QLineEdit(self.userPage)
        self.repeat.setObjectName(u"repeat")
        self.repeat.setInputMethodHints(Qt.InputMethodHint.ImhHiddenText|Qt.InputMethodHint.ImhNoAutoUppercase|Qt.InputMethodHint.ImhNoPredictiveText|Qt.InputMethodHint.ImhSensitiveData)
        self.repeat.setEchoMode(QLineEdit.EchoMode.Password)

        self.userForm.setWidget(6, QFormLayout.ItemRole.FieldRole, self.repeat)

        self.repeatError = QLabel(self.userPage)
        self.repeatError.setObjectName(u"repeatError")
        self.repeatError.setText(u"")
        self.repeatError.setWordWrap(True)

        self.userForm.setWidget(7, QFormLayout.ItemRole.FieldRole, self.repeatError)


        self.userLayout.addLayout(self.userForm)

        self.userSpacer = QSpacerItem(20, 20, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding)

        self.userLayout.addItem(self.userSpacer)

        SetupWizard.addPage(self.userPage)
        self.summaryPage = ValidatedPage()
        self.summaryPage.setObjectName(u"summaryPage")
        self.summaryLayout = QVBoxLayout(self.summaryPage)
        self.summaryLayout.setObjectName(u"summaryLayout")
        self.summaryForm = QFormLayout()
        self.summaryForm.setObjectName(u"summaryForm")
        self.summaryForm.setLabelAlignment(Qt.AlignmentFlag.AlignLeading|Qt.AlignmentFlag.AlignVCenter)
        self.summaryProvinceLabel = QLabel(self.summaryPage)
        self.summaryProvinceLabel.setObjectName(u"summaryProvinceLabel")

        self.summaryForm.setWidget(0, QFormLayout.ItemRole.LabelRole, self.summaryProvinceLabel)

        self.summaryProvince = QLabel(self.summaryPage)
        self.summaryProvince.setObjectName(u"summaryProvince")
        self.summaryProvince.setText(u"")
        self.summaryProvince.setWordWrap(True)

        self.summaryForm.setWidget(0, QFormLayout.ItemRole.FieldRole, self.summaryProvince)

        self.summaryCountyLabel = QLabel(self.summaryPage)
        self.summaryCountyLabel.setObjectName(u"summaryCountyLabel")

        self.summaryForm.setWidget(1, QFormLayout.ItemRole.LabelRole, self.summaryCountyLabel)

        self.summaryCounty = QLabel(self.summaryPage)
        self.summaryCounty.setObjectName(u"summaryCounty")
        self.summaryCounty.setText(u"")
        self.summaryCounty.setWordWrap(True)

        self.summaryForm.setWidget(1, QFormLayout.ItemRole.FieldRole, self.summaryCounty)

        self.summaryCodeLabel = QLabel(self.summaryPage)
        self.summaryCodeLabel.setObjectName(u"summaryCodeLabel")

        self.summaryForm.setWidget(2, QFormLayout.ItemRole.LabelRole, self.summaryCodeLabel)

        self.summaryCode = QLabel(self.summaryPage)
        self.summaryCode.setObjectName(u"summaryCode")
        self.summaryCode.setText(u"")
        self.summaryCode.setWordWrap(True)

        self.summaryForm.setWidget(2, QFormLayout.ItemRole.FieldRole, self.summaryCode)

        self.summaryOfficeLabel = QLabel(self.summaryPage)
        self.summaryOfficeLabel.setObjectName(u"summaryOfficeLabel")

        self.summaryForm.setWidget(3, QFormLayout.ItemRole.LabelRole, self.summaryOfficeLabel)

        self.summaryOffice = QLabel(self.summaryPage)
        self.summaryOffice.setObjectName(u"summaryOffice")
        self.summaryOffice.setText(u"")
        self.summaryOffice.setWordWrap(True)

        self.summaryForm.setWidget(3, QFormLayout.ItemRole.FieldRole, self.summaryOffice)

        self.summaryFullNameLabel = QLabel(self.summaryPage)
        self.summaryFullNameLabel.setObjectName(u"summaryFullNameLabel")

        self.summaryForm.setWidget(4, QFormLayout.ItemRole.LabelRole, self.summaryFullNameLabel)

        self.summaryFullName = QLabel(self.summaryPage)
        self.summaryFullName.setObjectName(u"summaryFullName")
        self.summaryFullName.setText(u"")
        self.summaryFullName.setWordWrap(True)

        self.summaryForm.setWidget(4, QFormLayout.ItemRole.FieldRole, self.summaryFullName)

        self.summaryUsernameLabel = QLabel(self.summaryPage)
        self.summaryUsernameLabel.setObjectName(u"summaryUsernameLabel")

        self.summaryForm.setWidget(5, QFormLayout.ItemRole.LabelRole, self.summaryUsernameLabel)

        self.summaryUsername = QLabel(self.summaryPage)
        self.summaryUsername.setObjectName(u"summaryUsername")
        self.summaryUsername.setText(u"")
        self.summaryUsername.setWordWrap(True)

        self.summaryForm.setWidget(5, QFormLayout.ItemRole.FieldRole, self.summaryUsername)


        self.summaryLayout.addLayout(self.summaryForm)

        self.summarySpacer = QSpacerItem(20, 20, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding)

        self.summaryLayout.addItem(self.summarySpacer)

        self.statusLabel = QLabel(self.summaryPage)
        self.statusLabel.setObjectName(u"statusLabel")
        self.statusLabel.setText(u"")
        self.statusLabel.setWordWrap(True)

        self.summaryLayout.addWidget(self.statusLabel)

        SetupWizard.addPage(self.summaryPage)
#if QT_CONFIG(shortcut)
        self.provinceLabel.setBuddy(self.province)
        self.countyLabel.setBuddy(self.county)
        self.officeCodeLabel.setBuddy(self.officeCode)
        self.officeNameLabel.setBuddy(self.officeName)
        self.fullNameLabel.setBuddy(self.fullName)
        self.usernameLabel.setBuddy(self.username)
        self.passwordLabel.setBuddy(self.password)
        self.repeatLabel.setBuddy(self.repeat)
#endif // QT_CONFIG(shortcut)
        QWidget.setTabOrder(self.newOfficeChoice, self.province)
        QWidget.setTabOrder(self.province, self.county)
        QWidget.setTabOrder(self.county, self.officeCode)
        QWidget.setTabOrder(self.officeCode, self.officeName)
        QWidget.setTabOrder(self.officeName, self.fullName)
        QWidget.setTabOrder(self.fullName, self.username)
        QWidget.setTabOrder(self.username, self.password)
        QWidget.setTabOrder(self.password, self.repeat)

        self.retranslateUi(SetupWizard)

        QMetaObject.connectSlotsByName(SetupWizard)
    # setupUi

    def retranslateUi(self, SetupWizard):
        SetupWizard.setWindowTitle(QCoreApplication.translate("SetupWizard", u"Set up Hamyar", None))
        self.startPage.setTitle(QCoreApplication.translate("SetupWizard", u"Welcome to Hamyar", None))
        self.startPage.setSubTitle(QCoreApplication.translate("SetupWizard", u"This computer has no office database yet. Set up the office once; afterwards everyone signs in with their own account.", None))
        self.newOfficeChoice.setText(QCoreApplication.translate("SetupWizard", u"Set up a &new office", None))
#if QT_CONFIG(tooltip)
        self.enrolmentChoice.setToolTip(QCoreApplication.translate("SetupWizard", u"Opening an office enrolment file from the province arrives with USB sync in a later version.", None))
#endif // QT_CONFIG(tooltip)
        self.enrolmentChoice.setText(QCoreApplication.translate("SetupWizard", u"Open an office &enrolment file from the province", None))
        self.enrolmentNote.setText(QCoreApplication.translate("SetupWizard", u"Opening an office enrolment file from the province arrives with USB sync in a later version.", None))
        self.officePage.setTitle(QCoreApplication.translate("SetupWizard", u"The office", None))
        self.officePage.setSubTitle(QCoreApplication.translate("SetupWizard", u"The facilitation office as the province knows it. The office code is given by the province.", None))
        self.provinceLabel.setText(QCoreApplication.translate("SetupWizard", u"P&rovince:", None))
        self.countyLabel.setText(QCoreApplication.translate("SetupWizard", u"&County:", None))
        self.officeCodeLabel.setText(QCoreApplication.translate("SetupWizard", u"Office co&de:", None))
        self.officeCode.setPlaceholderText(QCoreApplication.translate("SetupWizard", u"Latin letters and digits, e.g. URM01", None))
        self.officeNameLabel.setText(QCoreApplication.translate("SetupWizard", u"Office &name:", None))
        self.officeName.setPlaceholderText(QCoreApplication.translate("SetupWizard", u"e.g. Eslamabad neighbourhood facilitation office", None))
        self.userPage.setTitle(QCoreApplication.translate("SetupWizard", u"The office manager's account", None))
        self.userPage.setSubTitle(QCoreApplication.translate("SetupWizard", u"The first user manages the office. The manager adds the other users later in Settings.", None))
        self.fullNameLabel.setText(QCoreApplication.translate("SetupWizard", u"&Full name:", None))
        self.usernameLabel.setText(QCoreApplication.translate("SetupWizard", u"&User name:", None))
        self.username.setPlaceholderText(QCoreApplication.translate("SetupWizard", u"Latin letters, e.g. zahra.ahmadi", None))
        self.passwordLabel.setText(QCoreApplication.translate("SetupWizard", u"&Password:", None))
        self.password.setPlaceholderText(QCoreApplication.translate("SetupWizard", u"At least 8 characters", None))
        self.repeatLabel.setText(QCoreApplication.translate("SetupWizard", u"&Repeat the password:", None))
        self.summaryPage.setTitle(QCoreApplication.translate("SetupWizard", u"Ready to set up", None))
        self.summaryPage.setSubTitle(QCoreApplication.translate("SetupWizard", u"Check the details. Setting up creates the office database on this computer.", None))
        self.summaryProvinceLabel.setText(QCoreApplication.translate("SetupWizard", u"Province:", None))
        self.summaryCountyLabel.setText(QCoreApplication.translate("SetupWizard", u"County:", None))
        self.summaryCodeLabel.setText(QCoreApplication.translate("SetupWizard", u"Office code:", None))
        self.summaryOfficeLabel.setText(QCoreApplication.translate("SetupWizard", u"Office name:", None))
        self.summaryFullNameLabel.setText(QCoreApplication.translate("SetupWizard", u"Manager:", None))
        self.summaryUsernameLabel.setText(QCoreApplication.translate("SetupWizard", u"User name:", None))
    # retranslateUi

