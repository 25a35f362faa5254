app_name = "monitor"
urlpatterns = []
