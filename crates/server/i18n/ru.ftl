# medbridge: русский интерфейс. Ключи те же, что в en.ftl.

site-tagline = Сотрудничество в области медицинской техники
skip-to-content = Перейти к содержанию
nav-main = Основное меню
nav-directory = Каталог организаций
nav-products = Продукция
nav-opportunities = Запросы и предложения
nav-events = Мероприятия
nav-sign-in = Войти
nav-sign-out = Выйти
nav-signed-in-as = Вы вошли как { $name }
nav-language = Язык
demo-banner = Демонстрационные данные: организации, продукция, запросы и мероприятия на этом сайте приведены как примеры и не являются реальными обязательствами.
footer-text = medbridge — открытая платформа международного сотрудничества в области медицинской техники.
footer-api = JSON API для интеграций
not-given = не указано

## Списки
filter-heading = Фильтр
filter-q = Поиск
filter-q-hint = Слова на любом языке
filter-country = Страна
filter-country-hint = Двухбуквенный код, например KG, CN, BY
filter-kind = Тип
filter-alliance = Член объединения
filter-direction = Запрос или предложение
filter-cooperation-type = Форма сотрудничества
filter-status = Статус
filter-device-code = Код изделия
filter-device-code-hint = СИСТЕМА:КОД, например FDA:JAK или EMDN:Z11030601
filter-any = Любой
filter-apply = Показать
filter-reset = Сбросить фильтры
sort-label = Сортировка
sort-name = По названию, А–Я
sort--name = По названию, Я–А
sort-created = Сначала старые
sort--created = Сначала новые
page-next = Следующая страница
page-first = К первой странице
empty-title = Ничего не найдено
empty-filtered = По этим фильтрам ничего не найдено. Уберите часть слов, выберите другую страну или сбросьте фильтры.
empty-none = Здесь пока ничего не опубликовано.
filter-invalid = Некоторые фильтры заданы неверно; исправьте их, чтобы увидеть результаты.
count-organisations = { $count ->
    [one] { $count } организация
    [few] { $count } организации
   *[many] { $count } организаций
}
count-products = { $count ->
    [one] { $count } изделие
    [few] { $count } изделия
   *[many] { $count } изделий
}
count-opportunities = { $count ->
    [one] { $count } запрос или предложение
    [few] { $count } запроса или предложения
   *[many] { $count } запросов и предложений
}
count-events = { $count ->
    [one] { $count } мероприятие
    [few] { $count } мероприятия
   *[many] { $count } мероприятий
}
count-days = { $count ->
    [one] { $count } день
    [few] { $count } дня
   *[many] { $count } дней
}

## Организации
orgs-title = Каталог организаций
orgs-intro = Производители, больницы, университеты, министерства и ассоциации, сотрудничающие в области медицинской техники.
org-name = Название
org-kind = Тип
org-country = Страна
org-city = Город
org-website = Сайт
org-languages = Рабочие языки
org-names = Названия
org-description = Об организации
org-memberships = Членство
org-products = Продукция
org-opportunities = Запросы и предложения
org-no-products = Продукция пока не указана.
org-no-opportunities = Нет опубликованных запросов и предложений.
org-kind-manufacturer = Производитель
org-kind-distributor = Дистрибьютор
org-kind-hospital = Больница
org-kind-university = Университет
org-kind-research_institute = Научно-исследовательский институт
org-kind-government_body = Государственный орган
org-kind-association = Ассоциация
org-kind-other = Другое
membership-active = действующий член
membership-suspended = членство приостановлено
membership-former = бывший член

## Продукция
products-title = Продукция
products-intro = Оборудование и услуги производителей с кодами международных номенклатур медицинских изделий.
product-supplier = Поставщик
product-codes = Коды изделия
product-risk-class = Класс риска
product-registrations = Регистрации на рынках
product-authority = Регулятор
product-number = Номер
product-valid-from = Действует с
product-valid-until = Действует до
product-validity = Сегодня
product-valid = действует
product-not-valid = не действует
product-no-registrations = Регистрации не указаны.
product-price = Диапазон цен
product-lead-time = Срок поставки
product-service-countries = Монтаж и сервис в странах
product-doc-languages = Документация и обучение на языках
product-description = Описание
authority-nmpa = NMPA (Китай)
authority-eu_mdr = EU MDR (CE)
authority-us_fda = FDA (США)
authority-eaeu = Евразийский экономический союз
authority-national = Национальный регулятор

## Запросы и предложения
opps-title = Запросы и предложения
opps-intro = Что нужно больницам, министерствам и университетам и что предлагают производители и партнёры.
opp-new = Разместить запрос или предложение
opp-new-title = Новый запрос или предложение
opp-edit = Изменить
opp-edit-title = Изменение запроса или предложения
opp-organisation-id = Организация
opp-direction = Запрос или предложение
opp-cooperation-type = Форма сотрудничества
opp-text-lang = Язык названия и описания
opp-text-lang-hint = Версии на других языках сохраняются без изменений.
opp-title = Название
opp-description = Описание
opp-countries = Страны
opp-countries-hint = Двухбуквенные коды через пробел или запятую, например KG KZ
opp-device-codes = Коды изделий
opp-device-codes-hint = СИСТЕМА:КОД через пробел, например FDA:JAK EMDN:Z11030601
opp-quantity = Количество
opp-budget = Бюджет
opp-budget-amount = Сумма бюджета
opp-budget-currency = Валюта
opp-budget-currency-hint = Три буквы, например USD, CNY, KGS
opp-deadline = Срок
opp-status = Статус
opp-saved = Сохранено.
direction-need = Запрос
direction-offer = Предложение
cooperation-equipment_supply = Поставка оборудования
cooperation-distribution = Дистрибуция
cooperation-technology_transfer = Передача технологий
cooperation-joint_rnd = Совместные исследования и разработки
cooperation-clinical_cooperation = Клиническое сотрудничество
cooperation-education_training = Образование и обучение
cooperation-maintenance_service = Техническое обслуживание и сервис
cooperation-investment = Инвестиции
status-draft = Черновик
status-open = Открыт
status-matched = Найден партнёр
status-closed = Закрыт
status-expired = Истёк срок

## Формы
form-required = обязательно
form-save = Сохранить
form-publish = Опубликовать
form-cancel = Отмена
form-errors-title = { $count ->
    [one] Найдена { $count } ошибка
    [few] Найдено { $count } ошибки
   *[many] Найдено { $count } ошибок
}
form-conflict = Пока вы редактировали, кто-то другой изменил этот запрос или предложение, поэтому ваши изменения не сохранены. Они остались в форме ниже.
form-conflict-link = Откройте текущую версию и внесите изменения заново.

## Мероприятия
events-title = Мероприятия
events-intro = Конференции, выставки, форумы и деловые встречи.
event-kind = Тип
event-dates = Даты
event-place = Место
event-venue = Площадка
event-description = О мероприятии
event-organisers = Организаторы
event-sub-events = Программа
event-kind-conference = Конференция
event-kind-exhibition = Выставка
event-kind-forum = Форум
event-kind-sub_forum = Секция форума
event-kind-matchmaking_session = Деловые встречи
organiser-role-host = Принимающая сторона
organiser-role-co_host = Со-организатор
organiser-role-organiser = Организатор
organiser-role-supporter = При поддержке

## Вход
signin-title = Вход
signin-intro = Войдите, чтобы размещать и изменять запросы и предложения вашей организации.
signin-email = Адрес электронной почты
signin-password = Пароль
signin-submit = Войти

## Ошибки проверки
error-required = Обязательное поле.
error-too_long = Слишком длинный текст.
error-too_many = Слишком много значений.
error-invalid_format = Значение в неверном формате.
error-unknown_country = Это не код страны. Используйте две буквы, например KG, CN или BY.
error-unknown_language = Это не код языка. Используйте две буквы, например zh, en, ru или fr.
error-unknown_currency = Это не код валюты. Используйте три буквы, например USD, CNY или KGS.
error-unknown_device_code = Это не код изделия. Пишите СИСТЕМА:КОД, например FDA:JAK или EMDN:Z11030601.
error-unknown_value = Выберите одно из предложенных значений.
error-negative = Значение не может быть отрицательным.
error-out_of_range = Число вне допустимого диапазона.
error-date_order = Дата окончания раньше даты начала.
error-currency_mismatch = Валюты не совпадают.
error-not_found = Запись, на которую дана ссылка, не существует.
error-duplicate = Это значение уже используется.
error-illegal_transition = Такая смена статуса не допускается.

## Ошибки страницы
problem-title = Что-то пошло не так
problem-invalid_credentials = Неверный адрес электронной почты или пароль.
problem-too_many_attempts = Слишком много неудачных попыток входа. Попробуйте снова через { $count ->
    [one] { $count } минуту
    [few] { $count } минуты
   *[many] { $count } минут
}.
problem-csrf_failed = Срок действия формы истёк. Обновите страницу и попробуйте снова.
problem-forbidden = Ваша роль или организация не позволяет это сделать.
problem-not_found = Такой страницы нет, или она вам недоступна.
problem-unauthenticated = Сначала войдите в систему.
problem-internal = На нашей стороне произошла ошибка. Она записана в журнал; попробуйте позже.
problem-version_conflict = Кто-то изменил это тем временем, поэтому ничего не сохранено. Обновите страницу, чтобы увидеть изменения, и внесите свои заново.
problem-back = К каталогу организаций

## Соглашения и результаты
nav-agreements = Соглашения
nav-dashboard = Итоги
agreements-title = Соглашения
agreements-intro = Соглашения о сотрудничестве между участниками и партнёрами: что подписано, кем, где и как выполняется.
count-agreements = { $count ->
    [one] { $count } соглашение
    [few] { $count } соглашения
   *[many] { $count } соглашений
}
agreement-kind-memorandum = Меморандум о взаимопонимании
agreement-kind-framework = Рамочное соглашение о сотрудничестве
agreement-kind-joint_training = Совместная подготовка иностранных студентов
agreement-kind-clinical_cooperation = Клиническое сотрудничество
agreement-kind-device_innovation = Совместные НИОКР / инновации
agreement-kind-distribution = Дистрибуция
agreement-kind-supply = Договор поставки или закупки
agreement-kind-service = Сервисный договор
agreement-status-draft = Черновик
agreement-status-signed = Подписано
agreement-status-in_force = Действует
agreement-status-completed = Выполнено
agreement-status-terminated = Расторгнуто
agreement-status-expired = Истекло
agreement-confidential = Конфиденциально
agreement-signed-on = Подписано
agreement-event = Где подписано
agreement-term = Срок действия
agreement-value = Сумма
agreement-parties = Стороны
agreement-signatories = Подписанты
agreement-origin = Основание
agreement-origin-need = Запрос
agreement-milestones = Этапы
agreement-no-milestones = Этапы не указаны.
agreement-ends-on = истекает { $date }
milestone-title = Этап
milestone-owner = Ответственный
milestone-due = Срок
milestone-state = Состояние
milestone-done-on = выполнен { $date }
milestone-due-on = срок { $date }
milestone-overdue = Просрочен
milestone-open = В работе
dashboard-title = Итоги сотрудничества
dashboard-intro = Результаты сотрудничества: соглашения по годам, видам и странам, и что требует внимания.
dashboard-empty = Подписанных соглашений пока нет. Они появятся здесь, когда будут отмечены как подписанные.
dashboard-by-year = Соглашения по годам подписания
dashboard-by-kind = Соглашения по видам
dashboard-by-country = Соглашения по странам сторон
dashboard-overdue = Просроченные этапы
dashboard-no-overdue = Просроченных этапов нет.
dashboard-expiring = Соглашения, истекающие в ближайшие 60 дней
dashboard-no-expiring = В ближайшие 60 дней соглашения не истекают.
dashboard-as-of = На { $date }
event-outcomes = Результаты
event-agreements = Соглашения, подписанные на мероприятии
event-no-agreements = Соглашения по этому мероприятию пока не внесены.
event-print = Распечатать отчёт
agreement-new = Внести соглашение
agreement-new-title = Внести соглашение
agreement-form-title = Название
agreement-form-kind = Вид
agreement-form-status = Статус
agreement-form-parties = Стороны
agreement-form-parties-hint = Отметьте не менее двух организаций.
agreement-form-signed-on = Дата подписания
agreement-form-place = Место подписания
agreement-form-event-id = Подписано на мероприятии
agreement-form-ends-on = Действует до
agreement-form-confidential = Конфиденциально: видно только сторонам и секретариату
agreement-form-milestone = Первый этап
agreement-form-milestone-title = Этап
agreement-form-milestone-due = Срок
agreement-form-milestone-owner = Ответственная сторона
agreement-form-submit = Внести соглашение
dashboard-as-table = Те же данные таблицей
event-countries = стран сторон

## B2B-встречи
mm-title = Встречи один на один
mm-scheduled = Назначено встреч: { $count }.
mm-unscheduled = Не удалось назначить: { $count } (причины — под сеткой).
mm-time-limited = Планировщик остановился по лимиту времени, не доказав, что расписание лучшее: повторный запуск может сократить простои.
mm-gaps = Простоев между встречами делегатов: { $breaks }.
mm-gaps-best = Простоев между встречами делегатов: { $breaks } — меньше невозможно.
mm-gaps-bound = Простоев между встречами делегатов: { $breaks }; ни в одном расписании стольких встреч их не может быть меньше { $lower }.
mm-not-scheduled = Не назначены
mm-not-scheduled-because = не назначена: { $reason }
mm-times-in = Время местное ({ $offset })
mm-count-tables = { $count ->
    [one] { $count } стол
    [few] { $count } стола
   *[many] { $count } столов
}
mm-run = Составить расписание
mm-mine = Мои встречи
mm-no-meetings = Запросов на встречи пока нет.
mm-status-pending = ждёт ответа
mm-status-accepted = принята
mm-status-declined = отклонена
mm-status-confirmed = подтверждена
mm-status-cancelled = отменена
mm-status-expired = истекла
mm-table = стол { $table }
mm-accept = Принять
mm-decline = Отклонить
mm-ics = Скачать моё расписание (.ics)
mm-request = Запросить встречу
mm-with = С кем
mm-message = Сообщение
mm-priority = Приоритет (3 — обязательно)
mm-send = Отправить запрос
mm-grid = Расписание
mm-slot = Время
mm-setup = Слоты и столы
mm-first-start = Начало первого слота (местное время, ГГГГ-ММ-ДДTЧЧ:ММ)
mm-minutes = Минут на встречу
mm-count = Число слотов
mm-tables = Число столов
mm-pause-after = Перерыв после слота №
mm-pause-minutes = Длительность перерыва (минут)
mm-save-setup = Сохранить слоты и столы
agreements-open-data = Открытые данные (OCDS JSON)
dashboard-funnel = От запроса к результату
dashboard-funnel-intro = Опубликованные запросы и сколько из них дошли до каждого следующего этапа: предложено совпадение, запрос встречи, встреча состоялась, нужно продолжение, подписано соглашение, выполнен этап.
funnel-stage = Этап
funnel-needs = Запросов
funnel-conversion = От предыдущего этапа
funnel-median-days = Медиана дней от предыдущего этапа
funnel-posted = Запрос опубликован
funnel-matched = Предложено совпадение
funnel-meeting_requested = Запрошена встреча
funnel-meeting_held = Встреча состоялась
funnel-follow_up = Нужно продолжение
funnel-agreement_signed = Подписано соглашение
funnel-milestone_completed = Выполнен этап
mm-outcome = После встречи:
mm-outcome-held = Состоялась
mm-outcome-follow_up = Состоялась, нужно продолжение
mm-outcome-no_show = Не пришли
matches-for-need = Предложения под этот запрос
matches-for-offer = Запросы, которым отвечает это предложение
matches-for-product = Запросы, которым отвечает этот продукт
matches-none = Пока нет совпадений, выполняющих все условия (тип изделия, регистрация в стране покупателя, бюджет, срок поставки). Покажите близкие варианты, чтобы увидеть, чего не хватает.
matches-deadline-past = Срок { $date } истёк, поэтому подбор для этой потребности больше не ведётся. Измените её и укажите новый срок.
matches-unavailable = Подбор невозможен: { $reason }
matches-relaxed = Показать близкие варианты
matches-strict = Только полные совпадения
matches-score = Оценка
deleg-title = Делегации
deleg-none = Делегации пока не зарегистрированы.
deleg-approve = Одобрить
deleg-reject = Отклонить
deleg-register = Зарегистрировать нашу делегацию: кто едет
deleg-role = Роль
deleg-submit = Зарегистрировать
reg-status-pending = ждёт одобрения
reg-status-approved = одобрена
reg-status-rejected = отклонена
reg-status-cancelled = отменена
delegate-role-delegate = делегат
delegate-role-speaker = докладчик
delegate-role-exhibitor = экспонент
delegate-role-official = официальное лицо
delegate-role-press = пресса
delegate-role-interpreter = переводчик
export-csv = Экспорт CSV

## Поиск и оповещения
nav-search = Поиск
nav-alerts = Оповещения
nav-alerts-count = { $count ->
    [one] Оповещения ({ $count } новое)
    [few] Оповещения ({ $count } новых)
   *[many] Оповещения ({ $count } новых)
}
search-heading = Поиск поставщиков и предложений
search-intro = Опишите, что нужно, на любом языке: китайском, английском, русском или французском. В результатах: изделия и предложения этого типа, которые можно законно продавать в вашей стране, с причинами совпадения.
search-q = Что вам нужно?
search-q-hint = Например: «портативный УЗИ аппарат», «呼吸机», «CT scanner 64 slices», «échographe portable».
search-country = Ваша страна
search-country-hint = Двухбуквенный код, например KG. Показываются только изделия, зарегистрированные для вашего рынка.
search-button = Искать
search-facets = Уточнить результаты
search-facet-country = Страна поставщика
search-facet-cooperation = Вид сотрудничества
search-facet-category = Категория изделий
search-facet-market = Регистрация
search-count = { $count ->
    [one] { $count } результат
    [few] { $count } результата
   *[many] { $count } результатов
}
search-empty = Пока ничто не отвечает этому запросу при всех условиях. Попробуйте другие слова, оставьте страну пустой или сохраните поиск, чтобы получить оповещение.
search-empty-facets = Ни один результат не подходит под все выбранные фильтры; снимите один из них.
search-start-title = Поиск на разных языках
search-start = Введите, что вам нужно; русский запрос покупателя находит китайский каталог поставщика через общий тип изделия.
search-save-name = Сохранить поиск как
search-save-hint = Новые подходящие изделия и предложения появятся в разделе «Оповещения».
search-save = Сохранить поиск
search-save-sign-in = войдите, чтобы сохранить поиск и получать оповещения о новых совпадениях
match-kind-product = Изделие
match-kind-opportunity = Предложение
alerts-heading = Оповещения
alerts-intro = Совпадения, найденные платформой для запросов вашей организации и ваших сохранённых поисков. Новые появляются здесь, как только публикуется подходящее изделие или предложение.
alerts-new-search = Новый поиск
alerts-search-saved = Поиск сохранён. Новые совпадения появятся здесь.
alerts-filter = Показать
suggestion-status-new = Новые
suggestion-status-seen = Просмотренные
suggestion-status-contacted = Есть контакт
suggestion-status-dismissed = Отклонённые
suggestion-status-all = Все
suggestion-for-need = Для вашего запроса
suggestion-for-saved_search = Для сохранённого поиска
alerts-empty-title = Оповещений нет
alerts-empty = Когда будет опубликовано изделие или предложение, подходящее под ваш запрос или сохранённый поиск, оно появится здесь.
alerts-unavailable = Больше не опубликовано
alerts-contacted = Связались
alerts-seen = Просмотрено
alerts-dismiss = Отклонить
alerts-searches = Ваши сохранённые поиски
alerts-no-searches = Пока нет. Сохраните поиск на странице поиска.
alerts-delete-search = Удалить

## Документы соглашения
agreement-documents = Документы
agreement-no-documents = Документы пока не приложены.
document-name = Файл
document-size = Размер
document-uploaded-at = Загружен
document-remove = Удалить
document-file = Приложить документ
document-file-hint = PDF, Word, Excel, PowerPoint, OpenDocument, PNG, JPEG или текст, до { $limit } МиБ.
document-upload = Загрузить
document-uploaded = Документ приложен.
document-too-large = Файл больше { $limit } МиБ; ничего не сохранено.
document-unsupported = Такой вид документа не принимается (содержимое и имя файла должны совпадать: PDF, Word, Excel, PowerPoint, OpenDocument, PNG, JPEG или текст); ничего не сохранено.
document-empty = Файл пуст или его имя недопустимо; ничего не сохранено.
document-failed = Загрузка не завершилась; ничего не сохранено. Попробуйте ещё раз.

## Напоминания по почте
mail-milestone-subject = Просрочен этап: { $milestone }
mail-milestone-body = Уважаемый(ая) { $name }!

    Этап «{ $milestone }» соглашения «{ $agreement }» должен был быть выполнен { $due }; просрочка { $days } дн.

    Соглашение, где можно отметить выполнение: { $link }

    — medbridge, по поручению секретариата альянса
mail-expiring-subject = Скоро истекает соглашение: { $agreement }
mail-expiring-body = Уважаемый(ая) { $name }!

    Соглашение «{ $agreement }» истекает { $ends }, через { $days } дн. Если стороны намерены продолжить сотрудничество, самое время договориться о продлении.

    Соглашение: { $link }

    — medbridge, по поручению секретариата альянса

# Agenda items of an event (issue 4)
agenda-heading = Программа
agenda-none = Пунктов программы пока нет.
agenda-new-title = Добавить пункт программы
agenda-title = Название
agenda-title-lang = Язык названия
agenda-starts-at = Начало (местное время)
agenda-ends-at = Окончание (местное время)
agenda-times-hint = Время местное, по месту проведения ({ $offset }).
agenda-room = Зал
agenda-speakers = Докладчики
agenda-no-delegates = На это мероприятие и на мероприятие уровнем выше пока никто не зарегистрирован.
agenda-language = Язык
agenda-language-hint = Код языка, например ru, zh, en или fr.
agenda-interpretation = Синхронный перевод на
agenda-interpretation-hint = Коды языков через пробел, например en zh.
agenda-interpreted = перевод: { $languages }
agenda-your-time = ваше время
agenda-add = Добавить в программу
agenda-remove = Удалить
agenda-edit = Изменить
agenda-edit-title = Изменить пункт программы
agenda-save = Сохранить пункт
problem-agenda_changed = Этого пункта больше нет в программе: её тем временем изменили. Откройте страницу мероприятия заново.

# Check-in at the door and badges (issue 4)
badge-title = Бейджи
badge-print = Напечатать бейджи
badge-qr = QR-код для регистрации на входе
checkin-title = Регистрация на входе
checkin-button = Отметить прибытие
checkin-done = Прибытие отмечено.
checkin-done-short = прибыл(а)
checkin-undo = Отменить отметку
checkin-not-approved = Делегация не утверждена: отметить прибытие пока нельзя.

# Suggested meetings from the matching engine (issue 4)
mm-suggested = Рекомендуемые встречи
mm-suggested-hint = Делегации, чьи предложения отвечают вашим запросам, или чьим запросам отвечают ваши предложения.
mm-suggest-ours = Отвечает вашему запросу «{ $need }»:
mm-suggest-theirs = Ваше предложение отвечает их запросу «{ $need }»:
mm-suggest-both = взаимно
mm-suggest-request = Запросить встречу с { $name }

# Locking meetings, the table plan and the session's calendar (issue 4)
mm-locked = закреплена: планировщик её не сдвинет
mm-lock = Закрепить
mm-unlock = Открепить
mm-table-plan = План столов
mm-print-plan = Напечатать план столов
mm-event-ics = Все встречи (.ics)
