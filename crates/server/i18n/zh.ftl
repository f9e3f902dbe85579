# medbridge：中文界面。键与 en.ftl 相同。

site-tagline = 医疗装备国际合作
skip-to-content = 跳到正文
nav-main = 主导航
nav-directory = 机构名录
nav-products = 产品
nav-opportunities = 需求与供给
nav-events = 活动
nav-sign-in = 登录
nav-sign-out = 退出
nav-signed-in-as = 已登录：{ $name }
nav-language = 语言
demo-banner = 演示数据：本站显示的机构、产品、需求和活动仅为示例，不代表真实承诺。
footer-text = medbridge 是医疗装备国际合作的开放平台。
footer-api = 供系统集成使用的 JSON API
not-given = 未填写

## 列表
filter-heading = 筛选
filter-q = 搜索
filter-q-hint = 可用任何语言输入关键词
filter-country = 国家
filter-country-hint = 两位字母代码，例如 KG、CN、BY
filter-kind = 类型
filter-alliance = 所属联盟
filter-direction = 需求或供给
filter-cooperation-type = 合作方式
filter-status = 状态
filter-device-code = 器械编码
filter-device-code-hint = 体系:编码，例如 FDA:JAK 或 EMDN:Z11030601
filter-any = 全部
filter-apply = 查看结果
filter-reset = 清除筛选
sort-label = 排序
sort-name = 名称（正序）
sort--name = 名称（倒序）
sort-created = 最早发布
sort--created = 最新发布
page-next = 下一页
page-first = 返回第一页
empty-title = 没有找到结果
empty-filtered = 没有符合这些条件的结果。请减少关键词、换一个国家，或清除筛选。
empty-none = 这里还没有发布任何内容。
filter-invalid = 部分筛选条件有误，请更正后再查看结果。
count-organisations = { $count } 家机构
count-products = { $count } 个产品
count-opportunities = { $count } 条需求与供给
count-events = { $count } 场活动
count-days = { $count } 天

## 机构
orgs-title = 机构名录
orgs-intro = 在医疗装备领域开展合作的生产企业、医院、大学、政府部门和协会。
org-name = 名称
org-kind = 类型
org-country = 国家
org-city = 城市
org-website = 网站
org-languages = 工作语言
org-names = 各语种名称
org-description = 简介
org-memberships = 会员资格
org-products = 产品
org-opportunities = 需求与供给
org-no-products = 尚未登记产品。
org-no-opportunities = 尚未发布需求或供给。
org-kind-manufacturer = 生产企业
org-kind-distributor = 经销商
org-kind-hospital = 医院
org-kind-university = 大学
org-kind-research_institute = 科研院所
org-kind-government_body = 政府部门
org-kind-association = 协会
org-kind-other = 其他
membership-active = 正式会员
membership-suspended = 会员资格暂停
membership-former = 前会员

## 产品
products-title = 产品
products-intro = 生产企业提供的装备与服务能力，按国际医疗器械命名体系编码。
product-supplier = 供应商
product-codes = 器械编码
product-risk-class = 风险等级
product-registrations = 各市场注册
product-authority = 监管机构
product-number = 注册号
product-valid-from = 生效日期
product-valid-until = 有效期至
product-validity = 当前
product-valid = 有效
product-not-valid = 无效
product-no-registrations = 未提供注册信息。
product-price = 价格区间
product-lead-time = 交货周期
product-service-countries = 可安装和维保的国家
product-doc-languages = 说明书和培训语言
product-description = 产品说明
authority-nmpa = 国家药监局（NMPA）
authority-eu_mdr = 欧盟 MDR（CE）
authority-us_fda = 美国 FDA
authority-eaeu = 欧亚经济联盟
authority-national = 国家监管机构

## 需求与供给
opps-title = 需求与供给
opps-intro = 医院、政府部门和大学的需求，以及生产企业和合作伙伴的供给。
opp-new = 发布需求或供给
opp-new-title = 新的需求或供给
opp-edit = 编辑
opp-edit-title = 编辑需求或供给
opp-organisation-id = 机构
opp-direction = 需求或供给
opp-cooperation-type = 合作方式
opp-text-lang = 标题和说明所用语言
opp-text-lang-hint = 其他语种版本保持不变。
opp-title = 标题
opp-description = 说明
opp-countries = 国家
opp-countries-hint = 两位字母代码，用空格或逗号分隔，例如 KG KZ
opp-device-codes = 器械编码
opp-device-codes-hint = 体系:编码，用空格分隔，例如 FDA:JAK EMDN:Z11030601
opp-quantity = 数量
opp-budget = 预算
opp-budget-amount = 预算金额
opp-budget-currency = 币种
opp-budget-currency-hint = 三位字母，例如 USD、CNY、KGS
opp-deadline = 截止日期
opp-status = 状态
opp-saved = 已保存。
direction-need = 需求
direction-offer = 供给
cooperation-equipment_supply = 设备供应
cooperation-distribution = 代理经销
cooperation-technology_transfer = 技术转让
cooperation-joint_rnd = 联合研发
cooperation-clinical_cooperation = 临床合作
cooperation-education_training = 教育培训
cooperation-maintenance_service = 维修服务
cooperation-investment = 投资
status-draft = 草稿
status-open = 进行中
status-matched = 已对接
status-closed = 已关闭
status-expired = 已过期

## 表单
form-required = 必填
form-save = 保存
form-publish = 发布
form-cancel = 取消
form-errors-title = 有 { $count } 处需要更正
form-conflict = 在您编辑期间，其他人修改了这条需求或供给，因此您的修改没有保存。您填写的内容仍保留在下方表单中。
form-conflict-link = 打开当前版本，然后重新修改。

## 活动
events-title = 活动
events-intro = 会议、展览、论坛和对接洽谈会。
event-kind = 类型
event-dates = 日期
event-place = 地点
event-venue = 场馆
event-description = 简介
event-organisers = 主办方
event-sub-events = 日程
event-kind-conference = 会议
event-kind-exhibition = 展览
event-kind-forum = 论坛
event-kind-sub_forum = 分论坛
event-kind-matchmaking_session = 对接洽谈会
organiser-role-host = 主办
organiser-role-co_host = 联合主办
organiser-role-organiser = 承办
organiser-role-supporter = 支持单位

## 登录
signin-title = 登录
signin-intro = 登录后可发布和编辑本机构的需求与供给。
signin-email = 电子邮箱
signin-password = 密码
signin-submit = 登录

## 校验错误
error-required = 此项为必填。
error-too_long = 文字过长。
error-too_many = 条目过多。
error-invalid_format = 格式不正确。
error-unknown_country = 不是有效的国家代码。请使用两位字母，例如 KG、CN 或 BY。
error-unknown_language = 不是有效的语言代码。请使用两位字母，例如 zh、en、ru 或 fr。
error-unknown_currency = 不是有效的币种代码。请使用三位字母，例如 USD、CNY 或 KGS。
error-unknown_device_code = 不是有效的器械编码。请写成 体系:编码，例如 FDA:JAK 或 EMDN:Z11030601。
error-unknown_value = 请从给出的选项中选择。
error-negative = 不能为负数。
error-out_of_range = 数值超出允许范围。
error-date_order = 结束日期早于开始日期。
error-currency_mismatch = 币种不一致。
error-not_found = 所引用的记录不存在。
error-duplicate = 该值已被使用。
error-illegal_transition = 不允许这样变更状态。

## 页面错误
problem-title = 出现问题
problem-invalid_credentials = 电子邮箱或密码错误。
problem-too_many_attempts = 登录失败次数过多，请 { $count } 分钟后再试。
problem-csrf_failed = 表单已过期，请刷新页面后重试。
problem-forbidden = 您的角色或所属机构无权进行此操作。
problem-not_found = 页面不存在，或您无权查看。
problem-unauthenticated = 请先登录。
problem-internal = 服务器出现错误，已记录在案，请稍后再试。
problem-version_conflict = 有人同时修改了此内容，因此未保存任何更改。请刷新页面查看其修改，然后重新进行您的修改。
problem-back = 返回机构名录

## 协议与成果
nav-agreements = 合作协议
nav-dashboard = 成果看板
agreements-title = 合作协议
agreements-intro = 成员单位与合作伙伴签署的合作协议：协议内容、签署方、签署地点及执行情况。
count-agreements = { $count } 项协议
agreement-kind-memorandum = 合作备忘录
agreement-kind-framework = 框架合作协议
agreement-kind-joint_training = 国际学生联合培养
agreement-kind-clinical_cooperation = 临床合作
agreement-kind-device_innovation = 联合研发/医疗器械创新
agreement-kind-distribution = 经销合作
agreement-kind-supply = 供货或采购合同
agreement-kind-service = 服务合同
agreement-status-draft = 草稿
agreement-status-signed = 已签署
agreement-status-in_force = 执行中
agreement-status-completed = 已完成
agreement-status-terminated = 已终止
agreement-status-expired = 已到期
agreement-confidential = 保密
agreement-signed-on = 签署日期
agreement-event = 签署场合
agreement-term = 有效期
agreement-value = 金额
agreement-parties = 签约方
agreement-signatories = 签字人
agreement-origin = 来源
agreement-origin-need = 需求
agreement-milestones = 里程碑
agreement-no-milestones = 尚未登记里程碑。
agreement-ends-on = { $date } 到期
milestone-title = 里程碑
milestone-owner = 负责方
milestone-due = 截止日期
milestone-state = 状态
milestone-done-on = { $date } 完成
milestone-due-on = 应于 { $date } 完成
milestone-overdue = 已逾期
milestone-open = 进行中
dashboard-title = 合作成果看板
dashboard-intro = 合作成果一览：按年份、类型和国家统计的协议，以及需要关注的事项。
dashboard-empty = 暂无已签署的协议。协议登记为已签署后将显示在这里。
dashboard-by-year = 每年签署的协议
dashboard-by-kind = 按类型统计的协议
dashboard-by-country = 按签约方国家统计的协议
dashboard-overdue = 逾期里程碑
dashboard-no-overdue = 没有逾期的里程碑。
dashboard-expiring = 60 天内到期的协议
dashboard-no-expiring = 60 天内没有到期的协议。
dashboard-as-of = 截至 { $date }
event-outcomes = 成果
event-agreements = 本次活动签署的协议
event-no-agreements = 本次活动尚未登记协议。
event-print = 打印报告
agreement-new = 登记协议
agreement-new-title = 登记合作协议
agreement-form-title = 协议名称
agreement-form-kind = 协议类型
agreement-form-status = 状态
agreement-form-parties = 签约方
agreement-form-parties-hint = 请至少勾选两个机构。
agreement-form-signed-on = 签署日期
agreement-form-place = 签署地点
agreement-form-event-id = 签署活动
agreement-form-ends-on = 有效期至
agreement-form-confidential = 保密：仅签约方和秘书处可见
agreement-form-milestone = 第一个里程碑
agreement-form-milestone-title = 里程碑
agreement-form-milestone-due = 截止日期
agreement-form-milestone-owner = 负责方
agreement-form-submit = 登记协议
dashboard-as-table = 以表格查看数据
event-countries = 个签约方国家

## 供需对接会
mm-title = 一对一洽谈
mm-scheduled = 已排定 { $count } 场洽谈。
mm-unscheduled = { $count } 场未能排定，原因列在排程表下方。
mm-time-limited = 排程在时间上限处停止，未能证明此方案最优；再运行一次可能减少空档。
mm-gaps = 代表洽谈之间的空档：{ $breaks } 个。
mm-gaps-best = 代表洽谈之间的空档：{ $breaks } 个，已是最少。
mm-gaps-bound = 代表洽谈之间的空档：{ $breaks } 个；同样多场洽谈的任何排程都不少于 { $lower } 个。
mm-not-scheduled = 未能排定的洽谈
mm-not-scheduled-because = 未能排定：{ $reason }
mm-times-in = 时间为活动当地时间（{ $offset }）
mm-count-tables = { $count } 张洽谈桌
mm-run = 运行排程
mm-mine = 我的洽谈
mm-no-meetings = 暂无洽谈邀请。
mm-status-pending = 待答复
mm-status-accepted = 已接受
mm-status-declined = 已拒绝
mm-status-confirmed = 已确认
mm-status-cancelled = 已取消
mm-status-expired = 已过期
mm-table = { $table } 号桌
mm-accept = 接受
mm-decline = 拒绝
mm-ics = 下载我的日程（.ics）
mm-request = 预约洽谈
mm-with = 洽谈对象
mm-message = 留言
mm-priority = 优先级（3 = 必须见面）
mm-send = 发送邀请
mm-grid = 洽谈安排
mm-slot = 时间
mm-setup = 时段与洽谈桌
mm-first-start = 第一个时段开始（当地时间，YYYY-MM-DDTHH:MM）
mm-minutes = 每场洽谈分钟数
mm-count = 时段数
mm-tables = 洽谈桌数
mm-pause-after = 在第几个时段后休息
mm-pause-minutes = 休息时长（分钟）
mm-save-setup = 保存时段与洽谈桌
agreements-open-data = 开放数据（OCDS JSON）
dashboard-funnel = 从需求到成果
dashboard-funnel-intro = 已发布的需求，以及进入后续各阶段的数量：推荐匹配、发起洽谈、洽谈举行、希望跟进、签署协议、完成里程碑。
funnel-stage = 阶段
funnel-needs = 需求数
funnel-conversion = 较上一阶段
funnel-median-days = 距上一阶段天数（中位数）
funnel-posted = 发布需求
funnel-matched = 推荐匹配
funnel-meeting_requested = 发起洽谈
funnel-meeting_held = 洽谈举行
funnel-follow_up = 希望跟进
funnel-agreement_signed = 签署协议
funnel-milestone_completed = 完成里程碑
mm-outcome = 会后：
mm-outcome-held = 已举行
mm-outcome-follow_up = 已举行，希望跟进
mm-outcome-no_show = 未到场
matches-for-need = 满足该需求的供给
matches-for-offer = 该供给可满足的需求
matches-for-product = 该产品可满足的需求
matches-none = 暂无满足全部条件（设备类型、买方国家注册、预算、交货期）的匹配。可查看"接近匹配"了解缺少什么。
matches-deadline-past = 截止日期 { $date } 已过，此需求不再匹配。请编辑需求并设置新的截止日期。
matches-unavailable = 无法显示匹配：{ $reason }
matches-relaxed = 查看接近匹配
matches-strict = 仅看完全匹配
matches-score = 匹配分
deleg-title = 代表团
deleg-none = 尚无代表团报名。
deleg-approve = 批准
deleg-reject = 拒绝
deleg-register = 报名本单位代表团：参会人员
deleg-role = 身份
deleg-submit = 报名
reg-status-pending = 待审核
reg-status-approved = 已批准
reg-status-rejected = 已拒绝
reg-status-cancelled = 已取消
delegate-role-delegate = 代表
delegate-role-speaker = 演讲嘉宾
delegate-role-exhibitor = 参展商
delegate-role-official = 官员
delegate-role-press = 媒体
delegate-role-interpreter = 翻译
export-csv = 导出 CSV

## 搜索与提醒
nav-search = 搜索
nav-alerts = 提醒
nav-alerts-count = 提醒（{ $count } 条新）
search-heading = 查找供应商与供应信息
search-intro = 用任何语言描述需求：中文、英文、俄文或法文。结果为该类器械中可在您所在国家合法销售的产品与供应信息，并附匹配原因。
search-q = 您需要什么？
search-q-hint = 例如"портативный УЗИ аппарат"、"呼吸机"、"CT scanner 64 slices"、"échographe portable"。
search-country = 您所在国家
search-country-hint = 两位字母代码，如 KG。只显示已在您所在市场注册的产品。
search-button = 搜索
search-facets = 筛选结果
search-facet-country = 供应商国家
search-facet-cooperation = 合作类型
search-facet-category = 器械类别
search-facet-market = 注册
search-count = { $count } 条结果
search-empty = 目前没有同时满足所有条件的结果。请换个说法、留空国家，或保存搜索以便有新结果时收到提醒。
search-empty-facets = 没有结果同时符合所选的全部筛选条件，请去掉一项。
search-start-title = 跨语言搜索
search-start = 在上方输入需求；买方的俄文描述可通过共同的器械类型找到供应商的中文产品目录。
search-save-name = 将此搜索保存为
search-save-hint = 与之匹配的新产品和供应信息将出现在"提醒"中。
search-save = 保存搜索
search-save-sign-in = 登录后可保存搜索，并在有新匹配时收到提醒
match-kind-product = 产品
match-kind-opportunity = 供应信息
alerts-heading = 提醒
alerts-intro = 平台为贵单位的需求和您保存的搜索找到的匹配。一旦有匹配的产品或供应信息发布，即会出现在这里。
alerts-new-search = 新搜索
alerts-search-saved = 搜索已保存。新的匹配将出现在这里。
alerts-filter = 显示
suggestion-status-new = 新
suggestion-status-seen = 已查看
suggestion-status-contacted = 已联系
suggestion-status-dismissed = 已忽略
suggestion-status-all = 全部
suggestion-for-need = 对应您的需求
suggestion-for-saved_search = 对应您保存的搜索
alerts-empty-title = 暂无提醒
alerts-empty = 当有与您的需求或保存的搜索匹配的产品或供应信息发布时，会显示在这里。
alerts-unavailable = 已不再发布
alerts-contacted = 标记为已联系
alerts-seen = 标记为已查看
alerts-dismiss = 忽略
alerts-searches = 您保存的搜索
alerts-no-searches = 暂无。可在搜索页面保存。
alerts-delete-search = 删除

## 协议文件
agreement-documents = 文件
agreement-no-documents = 尚未附加文件。
document-name = 文件
document-size = 大小
document-uploaded-at = 上传时间
document-remove = 删除
document-file = 附加文件
document-file-hint = PDF、Word、Excel、PowerPoint、OpenDocument、PNG、JPEG 或文本，最大 { $limit } MiB。
document-upload = 上传
document-uploaded = 文件已附加。
document-too-large = 文件超过 { $limit } MiB，未保存任何内容。
document-unsupported = 不接受此类文件（文件内容与文件名须一致：PDF、Word、Excel、PowerPoint、OpenDocument、PNG、JPEG 或文本），未保存任何内容。
document-empty = 文件为空或文件名无效，未保存任何内容。
document-failed = 上传未完成，未保存任何内容。请重试。

## 邮件提醒
mail-milestone-subject = 里程碑已逾期：{ $milestone }
mail-milestone-body = { $name }，您好：

    协议"{ $agreement }"的里程碑"{ $milestone }"应于 { $due } 完成，现已逾期 { $days } 天。

    查看协议并登记完成情况：{ $link }

    —— medbridge，代联盟秘书处发送
mail-expiring-subject = 协议即将到期：{ $agreement }
mail-expiring-body = { $name }，您好：

    协议"{ $agreement }"将于 { $ends } 到期，还有 { $days } 天。如双方希望继续合作，请及时商议续签。

    协议：{ $link }

    —— medbridge，代联盟秘书处发送

# Agenda items of an event (issue 4)
agenda-heading = 议程
agenda-none = 暂无议程。
agenda-new-title = 添加议程
agenda-title = 标题
agenda-title-lang = 标题语言
agenda-starts-at = 开始（当地时间）
agenda-ends-at = 结束（当地时间）
agenda-times-hint = 时间为会场当地时间（{ $offset }）。
agenda-room = 会议室
agenda-speakers = 发言人
agenda-no-delegates = 本活动及其上级活动尚无注册代表。
agenda-language = 语言
agenda-language-hint = 语言代码，如 zh、en、ru 或 fr。
agenda-interpretation = 同声传译语言
agenda-interpretation-hint = 以空格分隔的语言代码，如 en zh。
agenda-interpreted = 同传：{ $languages }
agenda-your-time = 您的时间
agenda-add = 添加到议程
agenda-remove = 删除
agenda-edit = 编辑
agenda-edit-title = 编辑议程
agenda-save = 保存议程
problem-agenda_changed = 该议程已不在日程中：有人同时修改了它。请重新打开活动页面。

# Check-in at the door and badges (issue 4)
badge-title = 胸卡
badge-print = 打印胸卡
badge-qr = 签到二维码
checkin-title = 签到
checkin-button = 签到
checkin-done = 已签到。
checkin-done-short = 已签到
checkin-undo = 撤销签到
checkin-not-approved = 该代表团尚未获批，暂不能签到。

# Suggested meetings from the matching engine (issue 4)
mm-suggested = 推荐洽谈
mm-suggested-hint = 其供给满足您的需求，或其需求与您的供给相符的代表团。
mm-suggest-ours = 满足您的需求“{ $need }”：
mm-suggest-theirs = 您的供给满足其需求“{ $need }”：
mm-suggest-both = 双向匹配
mm-suggest-request = 向 { $name } 发出洽谈请求

# Locking meetings, the table plan and the session's calendar (issue 4)
mm-locked = 已锁定：排程时保持不变
mm-lock = 锁定
mm-unlock = 解锁
mm-table-plan = 桌位安排表
mm-print-plan = 打印桌位安排表
mm-event-ics = 全部洽谈（.ics）
